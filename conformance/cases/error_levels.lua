local function g() error("lvl2", 2) end
local function h() g() end
print(pcall(h))
print(pcall(error, "x", 0))
print(pcall(error))
print(type(select(2, pcall(error, {code = 1}))))
print(pcall(error, 42))
print(select("#", pcall(error, nil)))
local ok, e = pcall(error, setmetatable({}, {__tostring = function() return "obj" end}))
print(ok, tostring(e))
