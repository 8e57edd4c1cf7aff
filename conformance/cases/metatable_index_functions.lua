local defaults = setmetatable({}, {__index = function(t, k) return "default_" .. k end})
print(defaults.a, defaults[1], rawget(defaults, "a"))
local counter = setmetatable({}, {__index = function(t, k) local v = #k rawset(t, k, v) return v end})
print(counter.abc, counter.abc, rawget(counter, "abc"))
local class = {} class.__index = class
function class.new(x) return setmetatable({x = x}, class) end
function class:get() return self.x end
print(class.new(5):get(), getmetatable(class.new(1)) == class)
