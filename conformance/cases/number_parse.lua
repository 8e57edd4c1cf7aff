print(tonumber("0x10"), tonumber("10", 16), tonumber("z", 36), tonumber(" 12 "), tonumber("1e2"))
print(tonumber("12a"), tonumber("ff", 10), tonumber(""), tonumber("  "), tonumber("0x"), tonumber("1e"))
print(tonumber("7", 8), tonumber("8", 8), tonumber("-ff", 16), tonumber(nil))
print(0x10, 0xff, 1e2, .5, 3., 0XA)
