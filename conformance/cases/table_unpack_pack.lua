print(table.unpack({1, 2, 3}), table.unpack({1, 2, 3}, 2), table.unpack({1, 2, 3}, 2, 3))
local p = table.pack(1, nil, 3) print(p.n, p[1], p[2], p[3])
print(unpack, table.unpack({"a", "b"}), select("#", table.unpack({}, 1, 3)))
