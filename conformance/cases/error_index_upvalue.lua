local t
print(pcall(function() return t.x end))
print(pcall(function() t.y = 1 end))
