-- reference: lua5.4
print(string.format("%q", math.mininteger), string.format("%q", math.maxinteger), string.format("%q", 1))
print(string.format("%q", 0.1), string.format("%q", 1.0), string.format("%q", 1/0), string.format("%q", -1/0), string.format("%q", 0/0))
print(string.format("%q", -0.0), string.format("%q", 2^63))
