print(select('#'), select('#', nil), select('#', nil, nil, nil), select('#', table.unpack({1, nil, 3}, 1, 3)))
print(select(2, "a", "b", "c"), select(-2, "a", "b", "c"))
print(pcall(select, 0, "a"), pcall(select, -4, "a"), pcall(select, "x"))
local function count(...) return select('#', ...), ... end
print(count(), count(nil), count(1, nil))
local function pack2(...) return {n = select('#', ...), ...} end
local p = pack2(nil, 2, nil) print(p.n, p[1], p[2], p[3])
print(table.pack().n, table.unpack({}, 1, 2))
local function tail(...) return ... end
print(tail(1, 2, 3), (tail(1, 2, 3)))
print(math.max(select(2, 5, 9, 3)), string.format("%s-%s", select(2, "a", "b", "c")))
