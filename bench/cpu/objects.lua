-- CPU benchmark: class-style objects (setmetatable per object, method calls through __index),
-- plus objects with a __gc finalizer that become garbage.
-- the work's wall time: os.clock is process CPU time, which on the JVM counts the compiler threads too
local clock = (_PY and _PY.get_time) or os.clock
local Point = {}
Point.__index = Point
function Point.new(x, y) return setmetatable({x = x, y = y}, Point) end
function Point:add(o) return Point.new(self.x + o.x, self.y + o.y) end
local Handle = {__gc = function(h) h.closed = true end}
local n = tonumber(arg and arg[1]) or 1000000
local t0 = clock()
local acc = Point.new(0, 0)
for i = 1, n do
  acc = acc:add(Point.new(i, 1))
  if i % 10 == 0 then setmetatable({id = i}, Handle) end
end
print(string.format("objects(%d) = %d in %.3f s cpu", n, acc.y, clock() - t0))
