-- collectgarbage finalizes unreachable cycles and objects referenced only by other garbage
local log = {}
local mt = {__gc = function(o) log[#log + 1] = o.name end}
do
  local a = setmetatable({name = "a"}, mt)
  local b = setmetatable({name = "b", peer = a}, mt)
  a.peer = b
end
local function make() return setmetatable({name = "from function"}, mt) end
make()
collectgarbage()
table.sort(log)
print(table.concat(log, ", "))
print(collectgarbage("count") > 0)
