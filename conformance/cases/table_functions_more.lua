local t = {}
for i = 1, 10 do table.insert(t, i) end
print(#t, table.remove(t, 5), #t, t[5])
table.sort(t, function(a, b) return a % 3 < b % 3 or (a % 3 == b % 3 and a < b) end)
print(table.concat(t, ","))
local words = {"pear", "Apple", "fig"} table.sort(words, function(a, b) return a:lower() < b:lower() end) print(table.concat(words, " "))
print(#{1, 2, 3, nil}, #{n = 1}, select("#", table.unpack({1, nil, 3}, 1, 3)))
print(next({}, nil), type(next({a = 1})))
print(pcall(next, {}, "nokey"))
