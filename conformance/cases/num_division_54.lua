-- reference: lua5.4
print(10 / 2, 7 / 2, 1 / 3, -7 / 2, 0 / 5, 2^53 / 1)
print(math.type(10 / 2), math.type(4 / 4))
