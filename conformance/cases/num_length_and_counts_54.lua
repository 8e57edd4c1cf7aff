-- reference: lua5.4
local t = {1, 2, 3}
print(#t, #t + 0.0, #"abc" * 1.0, select("#", 1, 2), math.type(#t))
