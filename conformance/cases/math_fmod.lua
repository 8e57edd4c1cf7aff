-- math.fmod is C's fmod: the remainder has the sign of the dividend
print(math.fmod(3, math.huge), math.fmod(-3, math.huge), math.fmod(-7, 3), math.fmod(7, -3))
print(math.fmod(5.5, 2), math.fmod(-5.5, -2), math.fmod(0, 1), math.fmod(1e300, 7))
print(math.fmod(1, 0) ~= math.fmod(1, 0), math.fmod(math.huge, 1) ~= math.fmod(math.huge, 1))
print(pcall(function() local r = math.fmod("x", 1) end))
