local base = {greet = function(self) return "hi " .. self.name end}
local obj = setmetatable({name = "ann"}, {__index = base})
print(obj:greet(), obj.missing, rawget(obj, "greet"))
local chain = setmetatable({}, {__index = setmetatable({}, {__index = {deep = "yes"}})})
print(chain.deep)
local count = 0
local proxy = setmetatable({}, {__newindex = function(t, k, v) count = count + 1 rawset(t, k, v) end})
proxy.a = 1 proxy.a = 2 proxy.b = 3 print(count, proxy.a)
local mt = {__mod = function() return "mod" end, __pow = function() return "pow" end, __div = function() return "div" end, __sub = function() return "sub" end, __mul = function() return "mul" end}
local x = setmetatable({}, mt)
print(x % 1, x ^ 2, x / 3, x - 4, 5 * x)
print(getmetatable("abc").__index == string, getmetatable({}), getmetatable(1))
local eq1 = setmetatable({}, {__eq = function() return true end})
local eq2 = setmetatable({}, getmetatable(eq1))
print(eq1 == eq2, eq1 ~= eq2, eq1 == {})
