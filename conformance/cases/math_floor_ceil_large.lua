print(math.floor(1e15 + 0.5), math.ceil(-1e15 - 0.5), math.floor(2^52 + 0.5))
print(math.floor(-0.5), math.ceil(0.5), math.floor(3), math.abs(-2^60))
print(math.max(1, 2^53), math.min(-1e308, 1))
