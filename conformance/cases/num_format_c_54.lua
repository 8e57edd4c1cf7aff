-- reference: lua5.4
print(string.format("%c%c%c", 76, 117, 97.0), pcall(string.format, "%c", 65.5))
