print(pcall(function() return undefinedglobal.x end))
print(pcall(function() local a = {} ; return a.b.c end))
print(pcall(function() local a; a.b = 1 end))
