local t = nil
print(pcall(function() local u = nil; return u.x end))
print(t.x)
