print(math.randomseed(42))
local t = {}
for i = 1, 20 do t[#t + 1] = math.random(1, 100) end
print(table.concat(t, " "))
for i = 1, 5 do print(math.random()) end
print(math.random(7), math.random(1, 6), math.random(-10, -5), math.random(1000000))
print(math.randomseed(7, 3))
for i = 1, 5 do io.write(math.random(1, 1 << 20), " ") end print()
print(pcall(math.random, 2, 1))
print(pcall(math.random, 0.5))
print(pcall(math.random, 1, 2, 3))
print(pcall(math.random, -3))
print(pcall(math.randomseed, 1.5))
print(pcall(math.random, "x"))
print(math.type(math.random(0)), math.random(3, 3))
local a, b = math.randomseed() print(math.type(a), math.type(b))
