-- reference: lua5.4
-- local x <const> (Lua 5.4 manual §3.3.7): readable, and assigning to it is a compile error.
local limit <const> = 10
local a, b <const> = 1, 2
print(limit, a, b)
a = 5
print(a)
local function f() return limit * 2 end
print(f())
print(load("local y <const> = 1; y = 2"))
print(load("local y <const> = 1; return function() y = 3 end"))
print(load("local y <const> = 1; return function() return function() y = 3 end end"))
print(load("local y <const>, z = 1, 2; z, y = 3, 4"))
print(load("local y <foo> = 1"))
print(load("local y <const> = 1; local y = 2; y = 3; return y")())
print(load("local y < const > = 1 return y")())
