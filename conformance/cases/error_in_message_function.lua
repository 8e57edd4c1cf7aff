local t = setmetatable({}, {__index = function(t, k) error("no field " .. k, 2) end})
print(pcall(function() return t.missing end))
