-- reference: lua5.4
print(string.format("%a", 1), string.format("%a", 0.5), string.format("%a", -2.0), string.format("%A", 255.5))
