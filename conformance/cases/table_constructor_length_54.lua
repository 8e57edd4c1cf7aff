print(#{1, 2, nil}, #{1, 2, nil, 4}, #{nil, nil, 3}, #{1, nil}, #{n = 1, 1, 2})
local t = {10, 20, 30, nil} print(#t)
local u = {nil, 2} print(#u)
