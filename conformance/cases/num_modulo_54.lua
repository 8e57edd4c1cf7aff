-- reference: lua5.4
print(7 % 3, -7 % 3, 7 % -3, -7 % -3, 7.5 % 2, -7.5 % 2, 7 % 2.5)
print(5.3 % math.huge, -5.3 % math.huge, 5 % -math.huge, math.mininteger % -1)
print(math.type(7 % 3), math.type(7 % 3.0))
