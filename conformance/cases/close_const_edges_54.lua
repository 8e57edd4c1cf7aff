local function closer(name, log) return setmetatable({}, {__close = function(_, err) log[#log + 1] = name .. ":" .. tostring(err) end}) end
local log = {}
do
  local a <close> = closer("a", log)
  local b <close> = closer("b", log)
  local c <close> = nil
  local d <close> = false
end
print(table.concat(log, " "))
log = {}
print(pcall(function()
  local a <close> = closer("a", log)
  error("E", 0)
end))
print(table.concat(log, " "))
log = {}
for i = 1, 3 do
  local x <close> = closer("i" .. i, log)
  if i == 2 then break end
end
print(table.concat(log, " "))
log = {}
local function f()
  local a <close> = closer("ret", log)
  return "value", #log
end
print(f(), table.concat(log, " "))
print(pcall(function() local x <close> = {} end))
print(pcall(function() local x <close> = 42 end))
print(load("local x <const> = 1; x = 2"))
print(load("local x <foo> = 1"))
local k <const> = 10
print(k * 2, load("local y <const> = 1; return function() y = 3 end"))
log = {}
local co = coroutine.wrap(function()
  local a <close> = closer("co", log)
  coroutine.yield(1)
  return 2
end)
print(co(), table.concat(log, " "), co(), table.concat(log, " "))
