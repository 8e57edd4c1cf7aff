print(xpcall(function() error("E") end, function(m) return "H:" .. m end))
print(xpcall(function() local t; return t.x end, function(m) return "H:" .. m end))
print(xpcall(function() return 1, 2 end, print))
print(xpcall(function() error({}) end, function(m) return type(m) end))
