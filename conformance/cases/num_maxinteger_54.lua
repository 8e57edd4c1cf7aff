-- reference: lua5.4
print(math.maxinteger, math.mininteger, math.type(math.maxinteger))
print(math.maxinteger + 0.0, math.mininteger + 0.0, math.maxinteger // 1 == math.maxinteger)
