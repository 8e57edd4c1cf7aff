-- reference: lua5.4
-- Floor division // on integers (Lua 5.4 manual §3.4.1): rounds toward minus infinity.
print(7 // 2, -7 // 2, 7 // -2, -7 // -2, 0 // 5, 100 // 7)
print(1 + 2 * 7 // 2, 2 * 7 // 2, 20 // 3 // 2, -(7 // 2), - 7 // 2)
print("10" // 3, 10 // "3")
local mt = {__idiv = function(a, b) return "idiv(" .. type(a) .. "," .. type(b) .. ")" end}
local t = setmetatable({}, mt)
print(t // 1, 2 // t, t // t)
print(pcall(function() return 1 // 0 end))
print(pcall(function() local z = 0 return 5 // z end))
print(select(2, pcall(function() return {} // 1 end)))
print(select(2, pcall(function() return 1 // "x" end)))
print(select(2, pcall(function() return "x" // {} end)))
print("x" // setmetatable({}, mt))
local n = 0
for i = 1, 10 do n = n + i // 3 end
print(n)
