-- reference: lua5.4
print(pcall(function() local a, b = 1, 0 return a // b end))
print(pcall(function() local a, b = 1, 0 return a % b end))
print(1 / 0, -1 / 0, 1.0 % 0 ~= 1.0 % 0)
