print(pcall(function() return (math.floor()) end))
print(pcall(function() return (math.max()) end))
print(0/0 ~= 0/0, math.huge == math.huge)
