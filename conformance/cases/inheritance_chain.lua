local Base = {} Base.__index = Base
function Base.new(n) local o = setmetatable({}, Base) o.name = n return o end
function Base:hello() return "Base " .. self.name end
local Derived = setmetatable({}, {__index = Base}) Derived.__index = Derived
function Derived.new(n) local o = Base.new(n) return setmetatable(o, Derived) end
function Derived:hello() return "Derived+" .. Base.hello(self) end
print(Derived.new("x"):hello(), Base.new("y"):hello())
