-- reference: lua5.4
print(string.format("%x %X %o", 255, 255.0, 8), string.format("%x", -1), string.format("%#x", 255))
print(pcall(string.format, "%x", 1.5))
