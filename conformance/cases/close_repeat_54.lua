-- reference: lua5.4
-- <close> in a repeat body (Lua 5.4 manual §3.3.8): the until condition sees the variable, then it is closed on every round, on break and at the end.
local function closer(name) return setmetatable({}, {__close = function(v, e) print("close", name, e) end}) end
local i = 0
repeat
  local r <close> = closer("r" .. i)
  i = i + 1
until (function() print("cond sees", r ~= nil, i) return i >= 3 end)()
print("after repeat")
local j = 0
repeat local q <close> = closer("q" .. j) j = j + 1 if j == 2 then break end until false
print("after break")
local k = 0
repeat local p <close> = closer("p" .. k) k = k + 1 until k > 1
print("done")
