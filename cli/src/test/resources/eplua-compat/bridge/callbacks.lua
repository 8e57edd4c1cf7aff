-- The callback registry as EPLua's net layer uses it: register, hand the id on, get called back.
local got = {}
local once = _PY.registerCallback(function(err, value) got[#got + 1] = tostring(err) .. "/" .. tostring(value) end)
local always = _PY.registerCallback(function(n) got[#got + 1] = "tick " .. n end, true)

print("pending after register", _PY.getPendingCallbackCount())

setTimeout(function()
  _PY.timerExpired(once, nil, "result")
  _PY.timerExpired(once, "ignored", "second call")
  for i = 1, 3 do _PY.timerExpired(always, i) end
  print(table.concat(got, ", "))
  print("pending before clear", _PY.getPendingCallbackCount())
  _PY.clearRegisteredCallback(always)
end, 10)

local n = 0
local iv
iv = setInterval(function()
  n = n + 1
  if n == 1 then print("intervals running", _PY.getRunningIntervalsCount()) end
  -- EPLua's way to decide the work is done: nothing pending but this interval
  if _PY.getPendingCallbackCount() == 0 then
    clearInterval(iv)
    print("done", "intervals now", _PY.getRunningIntervalsCount())
  end
end, 20)
