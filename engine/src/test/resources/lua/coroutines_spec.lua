-- The unified coroutine callback model (README.md#coroutines).

test("callbacks run inside a coroutine", function()
  local co, ismain, yieldable
  setTimeout(function()
    co, ismain = coroutine.running()
    yieldable = coroutine.isyieldable()
  end, 0)
  advance(0)
  eq(type(co), "thread")
  eq(ismain, false)
  eq(yieldable, true)
end)

test("each callback has its own coroutine", function()
  local a, b
  setTimeout(function() a = coroutine.running() end, 0)
  setTimeout(function() b = coroutine.running() end, 0)
  advance(0)
  assert(a ~= b)
end)

test("a callback may yield and be resumed later by a timer", function()
  local steps = {}
  setTimeout(function()
    local me = coroutine.running()
    setTimeout(function() coroutine.resume(me, "woken") end, 20)
    steps[#steps + 1] = "waiting"
    local v = coroutine.yield()
    steps[#steps + 1] = v
  end, 0)
  advance(0)
  eq(steps, {"waiting"})
  advance(20)
  eq(steps, {"waiting", "woken"})
end)

test("a yielding callback does not hold up the other callbacks of its batch", function()
  local order = {}
  setTimeout(function() order[#order + 1] = 1; coroutine.yield(); order[#order + 1] = "never" end, 0)
  setTimeout(function() order[#order + 1] = 2 end, 0)
  setTimeout(function() order[#order + 1] = 3 end, 0)
  advance(0)
  eq(order, {1, 2, 3})
end)

test("coroutine.create/resume/yield/status follow Lua 5.4", function()
  local co = coroutine.create(function(a, b)
    local c = coroutine.yield(a + b)
    local d, e = coroutine.yield(c * 2)
    return d + e
  end)
  eq(coroutine.status(co), "suspended")
  eq({coroutine.resume(co, 1, 2)}, {true, 3})
  eq({coroutine.resume(co, 10)}, {true, 20})
  eq({coroutine.resume(co, 3, 4)}, {true, 7})
  eq(coroutine.status(co), "dead")
  eq({coroutine.resume(co)}, {false, "cannot resume dead coroutine"})
end)

test("errors inside a coroutine come back from resume", function()
  local co = coroutine.create(function() error("bad thing") end)
  local ok, err = coroutine.resume(co)
  eq(ok, false)
  assert(err:find("coroutines_spec.lua:%d+: bad thing"), err)
  eq(coroutine.status(co), "dead")
end)

test("coroutine.wrap propagates values and errors", function()
  local gen = coroutine.wrap(function() for i = 1, 3 do coroutine.yield(i) end end)
  eq({gen(), gen(), gen()}, {1, 2, 3})
  local bad = coroutine.wrap(function() error("oops", 0) end)
  local ok, err = pcall(bad)
  eq(ok, false)
  assert(tostring(err):find("oops"))
end)

test("status is running inside and normal for the resumer", function()
  local outer
  local seen = {}
  outer = coroutine.create(function()
    seen.self = coroutine.status(outer)
    local inner = coroutine.create(function() seen.outer = coroutine.status(outer) end)
    coroutine.resume(inner)
  end)
  coroutine.resume(outer)
  eq(seen, {self = "running", outer = "normal"})
end)

test("nested coroutines yield to their own resumer", function()
  local log = {}
  local inner = coroutine.create(function()
    log[#log + 1] = "inner1"
    coroutine.yield()
    log[#log + 1] = "inner2"
  end)
  local outer = coroutine.create(function()
    coroutine.resume(inner)
    log[#log + 1] = "outer"
    coroutine.yield()
    coroutine.resume(inner)
  end)
  coroutine.resume(outer)
  eq(log, {"inner1", "outer"})
  coroutine.resume(outer)
  eq(log, {"inner1", "outer", "inner2"})
end)

test("a coroutine can yield across pcall", function()
  local co = coroutine.create(function()
    local ok, v = pcall(function() return coroutine.yield(1) + 1 end)
    return ok, v
  end)
  eq({coroutine.resume(co)}, {true, 1})
  eq({coroutine.resume(co, 41)}, {true, true, 42})
end)

test("sleep inside a user coroutine resumes it later", function()
  local done = false
  local co = coroutine.create(function() sleep(30); done = true end)
  coroutine.resume(co)
  eq(done, false)
  advance(30)
  eq(done, true)
end)

test("sleep outside a coroutine raises", function()
  eq(coroutine.isyieldable(), true)
end)

test("many suspended coroutines are cheap", function()
  local n = 0
  for i = 1, 2000 do
    setTimeout(function() sleep(10); n = n + 1 end, 0)
  end
  advance(0)
  advance(10)
  eq(n, 2000)
end)
