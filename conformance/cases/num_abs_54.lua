-- reference: lua5.4
print(math.abs(-3), math.abs(-3.5), math.abs(math.mininteger), math.abs(-0.0), math.type(math.abs(-3)))
