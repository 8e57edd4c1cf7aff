-- 5.4: __le is not emulated with __lt
local mt = {__lt = function(a, b) return a.v < b.v end}
local a, b = setmetatable({v = 1}, mt), setmetatable({v = 2}, mt)
print(a < b, b < a, a > b)
print(pcall(function() return a <= b end))
mt.__le = function(x, y) return x.v <= y.v end
print(a <= b, b <= a, a >= b)
