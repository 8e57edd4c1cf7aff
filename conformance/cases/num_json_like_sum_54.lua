-- reference: lua5.4
local sum, fsum = 0, 0.0
for i = 1, 100 do sum = sum + i fsum = fsum + i end
print(sum, fsum, sum == fsum, math.type(sum), math.type(fsum), sum // 7, fsum // 7)
