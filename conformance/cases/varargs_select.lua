local function f(...) return select("#", ...), ... end
print(f(1, nil, 3, nil))
print(select(2, "a", "b", "c"), select(-1, "a", "b", "c"))
print(pcall(function() return (select(0)) end))
local function g(...) local a, b = ... return a, b end
print(g(1), (f(1, 2)))
local t = {n = 0, ...} print(#t)
