local function pack2(...) return {n = select("#", ...), ...} end
local p = pack2(nil, 2, nil)
print(p.n, p[1], p[2], p[3])
local function last(...) local n = select("#", ...) return (select(n, ...)) end
print(last(1, 2, 3), last("only"))
print(select("#", nil), select("#"))
