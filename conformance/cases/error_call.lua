print(pcall(function() undefinedf() end))
print(pcall(function() local s = {} ; s.m() end))
print(pcall(function() local t = {} t:nomethod() end))
print(pcall(function() local f = 5; f() end))
