-- os.clock measures CPU time, as C's clock() behind the reference interpreter's.
-- (That it stands still while the process sleeps is checked on a whole process, in the jar's
-- EPLua compatibility test: in the shared test JVM other threads use CPU at any moment.)

test("os.clock is a number of seconds that busy code advances", function()
  local c0 = os.clock()
  assert(c0 >= 0)
  local x = 0
  while os.clock() - c0 < 0.05 do x = x + 1 end -- ends only if busy code advances it
  assert(x > 0)
end)
