-- An error raised by a library function called in tail position ("return f(x)"):
-- the reference reports the caller's line, LuaJ has already left the caller's frame.
print(pcall(function() return string.rep() end))
print(pcall(function() return math.floor({}) end))
print(pcall(function() return undefined_global_function() end))
