-- reference: lua5.4
print(string.format("%d", 3.0), string.format("%5d|%-5d|%05d", 42, 42, 42), string.format("%d", math.mininteger))
print(pcall(string.format, "%d", 3.5))
print(pcall(string.format, "%d", "x"))
print(string.format("%d", "10"), string.format("%i", -7))
