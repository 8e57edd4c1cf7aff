-- Every callback runs in a coroutine: sleep and yield work anywhere (README.md#coroutines).
print("main chunk is yieldable:", coroutine.isyieldable())

-- sleep inside callbacks: the two timers interleave without blocking the engine
for _, name in ipairs({"A", "B"}) do
  setTimeout(function()
    for i = 1, 3 do
      print(name .. i)
      sleep(name == "A" and 30 or 45)
    end
  end, 0)
end

-- a callback that parks itself and is resumed later by another timer
setTimeout(function()
  local me = coroutine.running()
  setTimeout(function() coroutine.resume(me, "hello from the future") end, 200)
  print("waiting for a message...")
  print("got:", coroutine.yield())
end, 0)

-- classic generator with coroutine.wrap
local gen = coroutine.wrap(function() for i = 1, 3 do coroutine.yield(i * i) end end)
print("squares:", gen(), gen(), gen())

-- the main chunk itself can sleep
sleep(10)
print("main chunk slept 10 ms")
