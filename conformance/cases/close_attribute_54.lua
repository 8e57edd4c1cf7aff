-- reference: lua5.4
-- local x <close> (Lua 5.4 manual §3.3.8): __close(value, err) in reverse order on every way out.
local log = {}
local function closer(name)
  return setmetatable({}, {__close = function(v, e) log[#log + 1] = name .. (e and ("!" .. tostring(e)) or "") end})
end
local function flush(label) print(label, table.concat(log, " ")) log = {} end

do local a <close> = closer("a") local b <close> = closer("b") local c <close> = nil end
flush("block")
for i = 1, 3 do local c <close> = closer("i" .. i) if i == 2 then break end end
flush("break")
while true do local w <close> = closer("w") do local inner <close> = closer("inner") break end end
flush("nested break")
local function ret(...) local r <close> = closer("r") return ... end
print(ret(1, 2, 3)) flush("return varargs")
local function tail() local t <close> = closer("t") return select("#", 1, 2) end
print(tail()) flush("return call")
local function early(x) local e <close> = closer("e") if x then return "early" end local f <close> = closer("f") return "late" end
print(early(true), early(false)) flush("early return")
print(pcall(function() local p <close> = closer("p") error("boom", 0) end)) flush("error")
print(pcall(function() local q <close> = closer("q") local z <close> = setmetatable({}, {__close = function() error("in close", 0) end}) end)) flush("error in close")
print(pcall(function() local n <close> = 42 end))
print(pcall(function() local n <close> = {} end))
print(load("local x <close> = nil; x = 1"))
print(load("local a <close>, b <close> = nil, nil"))
local co = coroutine.wrap(function()
  local y <close> = closer("y")
  coroutine.yield("yielded")
  return "done"
end)
print(co()) flush("suspended")
print(co()) flush("resumed")
local function fib(n) local g <close> = closer("g" .. n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
print(fib(3)) flush("recursion")
do local last <close> = closer("last") end
flush("end")
