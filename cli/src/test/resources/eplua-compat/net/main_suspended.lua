-- The main chunk yields and nothing can resume it: a warning names this line, exit status 13.
print("before the yield")
setTimeout(function() print("a timer that does not resume it") end, 20)
local ok, value = pcall(coroutine.yield, 1)
print("never printed", ok, value)
