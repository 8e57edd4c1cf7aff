-- reference: lua5.4
print(1 == 1.0, 2^53 == 2^53 + 1, math.maxinteger + 0.0 == math.maxinteger)
print(math.maxinteger < math.maxinteger + 0.0, math.mininteger == -2^63, 2^53 | 0 == 2^53)
print(math.maxinteger - 1 < math.maxinteger + 0.0, 9007199254740993 < 9007199254740992.0, 1 < 0/0, 1 > 0/0)
