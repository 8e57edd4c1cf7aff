local V = {}
V.__index = V
V.__add = function(a, b) return setmetatable({v = a.v + b.v}, V) end
V.__eq = function(a, b) return a.v == b.v end
V.__lt = function(a, b) return a.v < b.v end
V.__le = function(a, b) return a.v <= b.v end
V.__tostring = function(a) return "V(" .. a.v .. ")" end
V.__concat = function(a, b) return tostring(a) .. "&" .. tostring(b) end
V.__len = function(a) return a.v end
V.__unm = function(a) return setmetatable({v = -a.v}, V) end
V.__call = function(self, x) return self.v * x end
local a, b = setmetatable({v = 1}, V), setmetatable({v = 2}, V)
print(tostring(a + b), a == b, a < b, a <= b, a .. b, #b, tostring(-a), a(10))
local ro = setmetatable({}, {__newindex = function(t, k, v) rawset(t, k, v * 2) end, __index = function(t, k) return k .. "?" end})
ro.x = 21 print(ro.x, ro.y, rawget(ro, "y"))
print(getmetatable(setmetatable({}, {__metatable = "locked"})))
print(pcall(setmetatable, setmetatable({}, {__metatable = 1}), {}))
print(rawequal(a, a), rawlen({1, 2}), rawlen("abc"))
