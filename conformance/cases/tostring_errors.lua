print(pcall(function() return (tostring()) end))
print(pcall(setmetatable({}, {__tostring = function() return 1 end}).x))
print(tostring(setmetatable({}, {__tostring = function() return "ok" end})))
