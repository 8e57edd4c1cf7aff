-- reference: lua5.4
local t = {}
t[math.maxinteger] = 1 t[math.mininteger] = 2 t[2^40] = 3
print(t[math.maxinteger], t[math.mininteger], t[2^40 | 0], t[1099511627776])
