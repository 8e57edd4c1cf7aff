local c1 = os.clock() local s = 0 for i = 1, 1e5 do s = s + i end
print(os.clock() >= c1, s)
print(type(os.time()), os.date("!%Y", 0), os.getenv("PATH") ~= nil)
print(pcall(function() return (os.getenv()) end))
