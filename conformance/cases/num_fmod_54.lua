-- reference: lua5.4
print(math.fmod(7, 3), math.fmod(-7, 3), math.fmod(7, -3), math.fmod(7.0, 3), math.fmod(-7.5, 2))
print(math.fmod(3, math.huge), math.fmod(math.mininteger, -1))
print(pcall(math.fmod, 1, 0))
