-- reference: lua5.4
print(math.floor(3.7), math.floor(-3.5), math.ceil(3.2), math.ceil(-3.7), math.floor(5))
print(math.type(math.floor(3.7)), math.floor(1e100), math.ceil(-1e100), math.floor(-0.0))
print(math.floor(2^62) == 2^62, math.type(math.floor(2^62)))
