local function count(...) return select("#", ...) end
print(count(), count(nil), count(nil, nil), count(table.unpack({1, 2, 3})))
local function pass(...) return ... end
print(pass(1, nil, 3))
print((pass(1, 2, 3)))
local function tail(...) return select(2, ...) end
print(tail("a", "b", "c"))
print(pcall(function() return (select("x")) end))
