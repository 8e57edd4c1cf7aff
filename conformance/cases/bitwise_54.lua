-- reference: lua5.4
-- Bitwise operators & | ~ << >> and unary ~ (Lua 5.4 manual §3.4.2) on integers, with 5.4's precedence.
print(3 & 5, 3 | 5, 3 ~ 5, ~0, ~5, ~-1)
print(1 << 4, 256 >> 4, -1 >> 60, 1 << 64, 1 << -1, 8 >> -1, 5 >> 64, -1 << 0)
print(1 | 2 & 3, 5 & 3 << 1, 1 << 2 + 1, 6 ~ 3 & 1, 1 | 6 ~ 3)
print(select(2, pcall(function() return 2 .. 1 | 2 end)))
print(3 < 1 | 4, 1 & 3 == 1, ~2 + 1, - ~2, ~ ~7)
print(0xF0 & 0x3C, 0xF0 | 0x0F, 0xFF ~ 0x0F, 7 & 2.0, 2^53 | 0 == 2^53)
print(select(2, pcall(function() return tostring(3) & 1 end)))
print(select(2, pcall(function() return 1 | tostring(16) end)))
local names = {"__band", "__bor", "__bxor", "__shl", "__shr", "__bnot"}
local mt = {}
for _, n in ipairs(names) do mt[n] = function(a, b) return n end end
local t = setmetatable({}, mt)
print(t & 1, 1 | t, t ~ t, t << 1, 1 >> t, ~t)
print(select(2, pcall(function() return 1.5 & 1 end)))
print(select(2, pcall(function() return 1 | {} end)))
print(select(2, pcall(function() return ~{} end)))
print(select(2, pcall(function() return ("a"):rep(1) & 1 end)))
local x = 0
for i = 0, 15 do x = x | (1 << i) end
print(x, x >> 8, x & 0xFF)
