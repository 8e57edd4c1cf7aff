-- reference: lua5.4
for i = math.maxinteger - 2, math.maxinteger do io.write(i, " ") end print()
for i = math.mininteger + 2, math.mininteger, -1 do io.write(i, " ") end print()
local n = 0 for i = 1, math.maxinteger, math.maxinteger // 2 do n = n + 1 end print(n)
n = 0 for i = math.maxinteger, math.maxinteger - 10, -4 do n = n + 1 end print(n)
