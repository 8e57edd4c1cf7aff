print(pcall(error, 42))
print(pcall(function() error(42) end))
print(pcall(function() error(1/3) end))
