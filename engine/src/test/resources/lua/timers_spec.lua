-- Timer semantics of README.md#timers-javascript-semantics, driven by a manual clock.

test("timeouts with equal due times run in creation order", function()
  local order = {}
  for i = 1, 5 do setTimeout(function() order[#order + 1] = i end, 10) end
  setTimeout(function() order[#order + 1] = "early" end, 5)
  advance(10)
  eq(order, {"early", 1, 2, 3, 4, 5})
end)

test("a 0 ms timeout never runs inside setTimeout", function()
  local ran = false
  setTimeout(function() ran = true end, 0)
  eq(ran, false)
  advance(0)
  eq(ran, true)
end)

test("omitted and fractional delays are accepted", function()
  local ran = {}
  setTimeout(function() ran[#ran + 1] = "none" end)
  setTimeout(function() ran[#ran + 1] = "half" end, 0.5)
  advance(0)
  eq(ran, {"none"})
  advance(0.5)
  eq(ran, {"none", "half"})
end)

test("a timeout does not fire before its delay", function()
  local ran = false
  setTimeout(function() ran = true end, 100)
  advance(99)
  eq(ran, false)
  advance(1)
  eq(ran, true)
end)

test("extra arguments are passed to the callback", function()
  local got
  setTimeout(function(a, b, c) got = {a, b, c} end, 1, "x", 2, true)
  advance(1)
  eq(got, {"x", 2, true})
end)

test("ids are shared by timeouts and intervals and never reused", function()
  local a = setTimeout(function() end, 1)
  local b = setInterval(function() end, 1)
  clearInterval(b)
  advance(5)
  local c = setTimeout(function() end, 1)
  assert(a < b and b < c, "ids increase")
  eq(math.type and "n" or "n", "n")
end)

test("clearTimeout cancels and ignores unknown ids", function()
  local ran = false
  local id = setTimeout(function() ran = true end, 10)
  clearTimeout(id)
  clearTimeout(id)
  clearTimeout(987654)
  clearTimeout(nil)
  advance(20)
  eq(ran, false)
end)

test("an interval first runs after its period and keeps a fixed rate", function()
  local ticks = 0
  local id = setInterval(function() ticks = ticks + 1 end, 10)
  advance(9)
  eq(ticks, 0)
  advance(1)
  eq(ticks, 1)
  advance(10)
  eq(ticks, 2)
  advance(10)
  eq(ticks, 3)
  clearInterval(id)
end)

test("an interval that falls behind skips missed ticks instead of bunching", function()
  local ticks = 0
  local id = setInterval(function() ticks = ticks + 1 end, 10)
  advance(55)
  eq(ticks, 1, "one run after a long stall")
  advance(5)
  eq(ticks, 2, "back on the original grid at 60 ms")
  clearInterval(id)
end)

test("clearInterval from inside its own callback stops it", function()
  local ticks, id = 0, nil
  id = setInterval(function()
    ticks = ticks + 1
    if ticks == 3 then clearInterval(id) end
  end, 10)
  for _ = 1, 10 do advance(10) end
  eq(ticks, 3)
end)

test("clearTimeout and clearInterval are interchangeable", function()
  local ticks = 0
  local id = setInterval(function() ticks = ticks + 1 end, 10)
  clearTimeout(id)
  advance(50)
  eq(ticks, 0)
end)

test("an interval whose callback raises keeps running and each error is reported", function()
  local ticks = 0
  local id = setInterval(function()
    ticks = ticks + 1
    error("tick " .. ticks)
  end, 10)
  advance(10)
  advance(10)
  advance(10)
  clearInterval(id)
  eq(ticks, 3)
  local errs = errors()
  local count = select(2, errs:gsub("error in interval callback", ""))
  eq(count, 3)
  assert(errs:find("timers_spec.lua:%d+: tick 2"), errs)
  assert(errs:find("stack traceback:"), errs)
end)

test("immediates run after the current callback and before timers", function()
  local order = {}
  setTimeout(function() order[#order + 1] = "timer" end, 0)
  setImmediate(function(x) order[#order + 1] = x end, "immediate")
  order[#order + 1] = "sync"
  advance(0)
  eq(order, {"sync", "immediate", "timer"})
end)

test("an immediate queued by a timer runs before the next timer", function()
  local order = {}
  setTimeout(function()
    order[#order + 1] = "t1"
    setImmediate(function() order[#order + 1] = "i1" end)
  end, 5)
  setTimeout(function() order[#order + 1] = "t2" end, 5)
  advance(5)
  eq(order, {"t1", "i1", "t2"})
end)

test("clearImmediate cancels a pending immediate", function()
  local ran = false
  local id = setImmediate(function() ran = true end)
  clearImmediate(id)
  advance(0)
  eq(ran, false)
end)

test("a trailing options table is not passed as an argument", function()
  local got = "unset"
  setTimeout(function(...) got = select("#", ...) end, 1, {system = true})
  advance(1)
  eq(got, 0)
  local got2
  setTimeout(function(t) got2 = t.other end, 1, {other = 5})
  advance(1)
  eq(got2, 5)
end)

test("setTimeout checks its arguments like Lua", function()
  local ok, err = pcall(setTimeout, nil, 10)
  eq(ok, false)
  assert(err:find("bad argument #1 to 'setTimeout' %(function expected, got nil%)"), err)
end)

test("sleep suspends the current coroutine and the engine keeps running", function()
  local order = {}
  setTimeout(function()
    order[#order + 1] = "before"
    sleep(50)
    order[#order + 1] = "after"
  end, 0)
  setTimeout(function() order[#order + 1] = "other" end, 10)
  advance(0)
  eq(order, {"before"})
  advance(10)
  eq(order, {"before", "other"})
  advance(40)
  eq(order, {"before", "other", "after"})
end)
