-- reference: lua5.4
print(1, 1.0, -1, -1.0, 1e2, .5, 3., 0x10, 0xA.8p1, 0x.8)
print(math.type(1), math.type(1.0), math.type(1e2), math.type(0x10))
print(9223372036854775807, 9223372036854775808, -9223372036854775808)
print(0x7fffffffffffffff, 0xffffffffffffffff, 0x10000000000000000)
