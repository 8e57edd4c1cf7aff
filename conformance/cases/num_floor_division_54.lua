-- reference: lua5.4
print(7 // 2, -7 // 2, 7 // -2, -7 // -2, 7.0 // 2, 7 // 2.0, -7.5 // 2)
print(1 // 0.0, -1 // 0.0, 0.0 // 0.0 ~= 0.0 // 0.0)
print(math.mininteger // -1, math.maxinteger // -1)
