print(bit32.band(0xff, 0x0f), bit32.bor(1, 2), bit32.bxor(3, 1), bit32.lshift(1, 4), bit32.rshift(256, 4), bit32.bnot(0))
print(bit32.extract(0xf0, 4, 4), bit32.replace(0, 1, 3), bit32.arshift(-16, 2), bit32.btest(1, 2))
