-- Every timer function of JEPLua (README.md#timers-javascript-semantics), printing what happens and when.
local t0 = _PY.milli_time()
local function log(fmt, ...) print(string.format("[%4d ms] " .. fmt, _PY.milli_time() - t0, ...)) end

setTimeout(function(who) log("timeout fired for %s", who) end, 100, "world")

local ticks = 0
local interval
interval = setInterval(function()
  ticks = ticks + 1
  log("interval tick %d", ticks)
  if ticks == 3 then
    clearInterval(interval)          -- stopping an interval from inside its own callback
    log("interval cleared")
  end
end, 50)

local cancelled = setTimeout(function() log("this never prints") end, 80)
clearTimeout(cancelled)

setImmediate(function() log("immediate: runs right after the main chunk, before any timer") end)
local gone = setImmediate(function() log("this immediate never runs") end)
clearImmediate(gone)

setTimeout(function()
  log("sleeping 120 ms inside a timer callback...")
  sleep(120)                         -- suspends only this callback's coroutine
  log("...woke up")
end, 0)

-- A system timer does not keep the process alive: the script ends before it fires.
setTimeout(function() log("system timer (never seen)") end, 10000, {system = true})

log("main chunk done")
