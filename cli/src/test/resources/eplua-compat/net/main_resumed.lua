-- The main chunk yields and a timer resumes it: the rest of the main chunk runs, exit status 0.
local main = coroutine.running()
setTimeout(function() coroutine.resume(main, "resumed by a timer") end, 50)
print("waiting")
print(coroutine.yield())
print("main chunk done")
