-- reference: lua5.4
print(math.type(1 + 1), math.type(1 + 1.0), math.type(2 * 3), math.type(2 * 3.0), math.type(-1), math.type(-1.0))
print(3 - 1.0, 2 * 0.5, 7 - 7.0, 1 + 2^53)
