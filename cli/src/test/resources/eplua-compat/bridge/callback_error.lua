-- An error in a callback called through timerExpired is reported and the script goes on.
local bad = _PY.registerCallback(function() error("callback failed on purpose") end)
setTimeout(function()
  _PY.timerExpired(bad)
  print("still running")
end, 5)
setTimeout(function() print("later timer ran") end, 20)
