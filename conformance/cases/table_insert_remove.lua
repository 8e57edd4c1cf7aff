local t = {1, 2, 3}
print(pcall(function() table.insert(t, 5, 9) end))
print(pcall(function() table.insert(t, 0, 9) end))
table.insert(t, 4, 9) table.insert(t, 1, 0) table.insert(t, 7)
print(table.concat(t, ","))
print(pcall(table.insert, {}, 1, 2, 3))
print(table.remove({}), table.remove({1, 2, 3}, 1), pcall(function() table.remove({1, 2, 3}, 7) end))
local r = {1, 2, 3}
print(table.remove(r), table.remove(r, 1), #r, r[1])
print(select("#", table.remove({})))
