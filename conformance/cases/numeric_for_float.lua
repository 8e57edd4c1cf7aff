for i = 0.1, 0.35, 0.1 do io.write(i, " ") end print()
for i = 3, 1, -1 do io.write(i, " ") end print()
local t = {} for i = 1, 3 do t[i] = i * 1.5 end print(table.concat(t, " "))
print(2^53 + 1, 2^53 - 1, -2^53, 1e15 + 0.5, 123456.789e3)
