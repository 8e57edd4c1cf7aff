print(#"", #"abc", #{}, #{1, 2, 3}, #{n = 3})
local t = {} t[1] = 1 t[2] = 2 t[3] = 3 t[3] = nil print(#t)
print(select("#", table.unpack({1, 2, 3})))
