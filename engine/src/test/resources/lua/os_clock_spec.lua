-- os.clock measures CPU time, as C's clock() behind the reference interpreter's.

test("os.clock is the process's CPU time, not wall time", function()
  local c0, w0 = os.clock(), _PY.get_time()
  os.execute("sleep 1") -- the engine thread waits without using CPU
  local idle, wall = os.clock() - c0, _PY.get_time() - w0
  assert(wall >= 0.9, "slept " .. wall)
  assert(idle < 0.6, "CPU time while sleeping: " .. idle)
  local c1 = os.clock()
  local x = 0
  while os.clock() - c1 < 0.05 do x = x + 1 end -- ends only if busy code advances it
  assert(x > 0)
end)
