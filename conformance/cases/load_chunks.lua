print(load("return 1 + 1")())
local f, err = load("return +") print(f, err)
print(load("syntax error here"))
local env = {x = 5} print(load("return x", "chunk", "t", env)())
local parts = {"return ", "4", "2"} local i = 0
print(load(function() i = i + 1 return parts[i] end)())
print(pcall(load("error('in chunk')", "=mychunk")))
print(loadstring == nil or type(loadstring))
