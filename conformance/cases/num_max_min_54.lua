-- reference: lua5.4
print(math.max(1, 2.0), math.max(2, 1.0), math.min(1, 2.0), math.min(1.0, 1), math.max(3, 7, 5))
print(math.type(math.max(1, 2)), pcall(math.max))
