-- reference: lua5.4
print(math.maxinteger + 1 == math.mininteger, math.mininteger - 1 == math.maxinteger)
print(math.maxinteger * 2, math.mininteger * -1, -math.mininteger, math.maxinteger + 1.0)
print(1 << 62, (1 << 63) - 1)
