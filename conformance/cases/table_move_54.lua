-- reference: lua5.4
local t = table.move({1, 2, 3}, 1, 3, 2)
print(t[1], t[2], t[3], t[4])
local d = table.move({1, 2, 3}, 1, 3, 1, {})
print(#d, d[3])
print(table.concat(table.move({1, 2, 3, 4, 5}, 2, 4, 1), ","))
