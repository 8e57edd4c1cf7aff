-- reference: lua5.4
print(tonumber("10", 16), tonumber("ff", 16), tonumber("FF", 16), tonumber("z", 36), tonumber("111", 2))
print(tonumber("8", 8), tonumber(" 11 ", 2), tonumber("-ff", 16), tonumber("1.5", 10), math.type(tonumber("10", 2)))
