-- Lua 5.2 compatibility fixes over LuaJ (docs/lua-compatibility.md); run by LuaCompatibilityTest.

test("numbers print with %.14g in print, tostring and concatenation", function()
  print(1/3, math.pi, 1e15, 2^53, 0.1 + 0.2)
  eq(output(), "0.33333333333333\t3.1415926535898\t1e+15\t9.007199254741e+15\t0.3\n")
  eq(1/3 .. "", "0.33333333333333")
  eq(tostring(1e300), "1e+300")
  eq(tostring(-1/0), "-inf")
  eq(2^63 .. "", "9.2233720368548e+18")
end)

test("string.format honours width, precision, 64-bit integers and __tostring", function()
  eq(string.format("%5.2f|%e|%g|%d", 1/3, 12345.678, 0.1, 2^53), " 0.33|1.234568e+04|0.1|9007199254740992")
  eq(string.format("%.2f %.0f", 0.125, 2.5), "0.12 2")
  eq(string.format("%-5s|%5.1s|", "ab", "xyz"), "ab   |    x|")
  eq(string.format("%s", setmetatable({}, {__tostring = function() return "T" end})), "T")
  eq(string.format("%q", "a\nb"), '"a\\\nb"')
  local ok, err = pcall(function() return (string.format("%y", 1)) end)
  eq(ok, false)
  assert(err:find("invalid conversion '%y' to 'format'", 1, true), err)
end)

test("runtime errors carry chunk:line: and the variable's kind and name", function()
  local ok, err = pcall(function() local t = nil; return t.x end)
  eq(err, "compatibility_spec.lua:24: attempt to index a nil value (local 't')")
  ok, err = pcall(function() undefined_global_f() end)
  assert(err:find("attempt to call a nil value (global 'undefined_global_f')", 1, true), err)
  ok, err = pcall(function() local x; return x + 1 end)
  assert(err:find("attempt to perform arithmetic on a nil value (local 'x')", 1, true), err)
  ok, err = pcall(function() local s = ("x"):rep() end)
  assert(err:find("bad argument #1 to 'rep' %(number expected, got no value%)"), err)
end)

test("error levels position the message at the right caller", function()
  local function f() error("deeper", 2) end
  local ok, err = pcall(function()
    f()   -- line 37
  end)
  eq(err, "compatibility_spec.lua:37: deeper")
  ok, err = pcall(error, "bare", 0)
  eq(err, "bare")
end)

test("pcall turns a stack overflow into a catchable error and the loop goes on", function()
  local function f() return f() + 1 end
  local ok, err = pcall(f)
  eq(ok, false)
  assert(err:find("stack overflow"), err)
  local fired = false
  setTimeout(function() fired = true end, 5)
  advance(5)
  eq(fired, true)
end)

test("a recursion stops at 150,000 active calls, with the position of the call that went over", function()
  local depth = 0
  local callLine = debug.getinfo(1, "l").currentline + 1
  local function g() depth = depth + 1; return g() + 1 end
  local below = 0 -- the frames active here, this function's included
  while debug.getinfo(below + 1, "l") do below = below + 1 end
  local ok, err = pcall(g)
  eq(ok, false)
  assert(err:find(":" .. callLine .. ": stack overflow$"), err)
  eq(depth + 1 + below, 150000) -- g's calls, pcall's frame, the frames below
  -- a recursion just under the limit runs to its end, and the call stack is whole after the error
  local function h(n) if n == 0 then return 0 end return h(n - 1) + 1 end
  eq(h(150000 - below - 10), 150000 - below - 10)
  local t = debug.traceback()
  assert(not t:find("in upvalue 'g'"), t)
  -- in a coroutine the error ends the coroutine with the same message
  depth = 0
  local co = coroutine.create(function() local r = g(); return r end)
  local resumed, cerr = coroutine.resume(co)
  eq(resumed, false)
  assert(cerr:find(":" .. callLine .. ": stack overflow$"), cerr)
  eq(depth, 150000 - 1) -- a coroutine has its own call stack: its function and g's calls
end)

test("patterns: frontier, %g, init past the end, malformed patterns", function()
  eq(select(3, string.find("THE (quick) fox", "%f[%a]%a+", 5)), nil)
  eq(string.match("THE (quick) fox", "%f[%a]%a+", 5), "quick")
  eq(string.match("  x", "%g"), "x")
  eq(string.find("abc", "b", 10), nil)
  local ok, err = pcall(string.find, "a", "[a")
  eq(ok, false)
  assert(err:find("malformed pattern %(missing ']'%)"), err)
  eq(select(2, string.gsub("abc", "", "-")), 4)
end)

test("string.rep with separator, upper/lower leave bytes >= 0x80 alone", function()
  eq(("x"):rep(3, ","), "x,x,x")
  eq(("x"):rep(-1), "")
  eq(string.upper("a\200"), "A\200")
end)

test("table functions check positions and order functions", function()
  local ok, err = pcall(function() table.insert({1}, 5, 9) end)
  assert(err:find("position out of bounds"), err)
  ok, err = pcall(table.sort, {3, 1, 2, 5, 4, 7, 6, 9, 8, 10, 11, 12}, function() return true end)
  assert(not ok and err:find("invalid order function for sorting"), err)
  local t = table.move({1, 2, 3}, 1, 3, 2)
  eq(table.concat(t, ","), "1,1,2,3")
end)

test("pairs honours __pairs (ipairs has no __ipairs in 5.4)", function()
  local t = setmetatable({}, {__pairs = function(t) return function(_, k) if not k then return "k", "v" end end, t, nil end})
  local seen = {}
  for k, v in pairs(t) do seen[#seen + 1] = k .. "=" .. v end
  eq(table.concat(seen), "k=v")
end)

test("math, os and utf8 additions", function()
  eq(math.log(8, 2), 3)
  eq(math.type(1.5), "float")
  eq(math.tointeger(3.5), nil)
  eq(os.date("!*t", 3600).hour, 1)
  eq(utf8.char(72, 8364), "H\226\130\172")
  eq(utf8.len("h\226\130\172"), 2)
  eq(tonumber("0x1p4"), 16)
  eq(luajava, nil)
  local ok, err = pcall(require, "org.luaj.vm2.lib.jse.LuajavaLib")   -- LuaJ's Java class searcher is off too
  eq(ok, false)
  assert(err:find("module 'org.luaj.vm2.lib.jse.LuajavaLib' not found:", 1, true), err)
  eq(luajava, nil)
end)

test("compile errors name the token they stopped at", function()
  local f, err = load("x = = 1")
  eq(f, nil)
  eq(err, [[[string "x = = 1"]:1: unexpected symbol near '=']])
end)

test("__gc finalizers run on collectgarbage, newest first, once, and may resurrect", function()
  local log = {}
  local mt = {__gc = function(o) log[#log + 1] = o.name end}
  for i = 1, 3 do setmetatable({name = "t" .. i}, mt) end
  local kept = setmetatable({name = "kept"}, mt)
  eq(collectgarbage(), 0)
  eq(table.concat(log, ","), "t3,t2,t1")
  local saved
  setmetatable({name = "r"}, {__gc = function(o) saved = o end})
  collectgarbage()
  eq(saved.name, "r")
  saved = nil
  collectgarbage()
  eq(#log, 3)
  eq(kept.name, "kept")
end)

test("only a __gc field present at setmetatable time marks a table; __gc errors raise from collectgarbage", function()
  local mt = {}
  setmetatable({}, mt)
  mt.__gc = function() error("never") end
  collectgarbage()
  local dropped = setmetatable({}, {__gc = function() error("never either") end})
  setmetatable(dropped, nil)
  dropped = nil
  collectgarbage()
  setmetatable({}, {__gc = function() error("boom") end})
  local ok, err = pcall(collectgarbage)
  eq(ok, false)
  assert(err:find("^error in __gc metamethod %(.*boom%)$"), err)
end)

test("setmetatable gives the same results and errors in every call shape", function()
  local mt = {}
  local t = {}
  eq(setmetatable(t, mt), t)
  local function tail(x, m) return setmetatable(x, m) end
  local u = {}
  eq(tail(u, mt), u)
  eq(getmetatable(u), mt)
  eq(select("#", setmetatable({}, mt)), 1)
  eq(select(2, pcall(setmetatable, {}, mt, "extra")) ~= nil, true)
  local function statement() setmetatable({}, 1) end
  local function assigned() local x = setmetatable({}, 1) return x end
  local function tailcall() return setmetatable({}, 1) end
  local _, e1 = pcall(statement)
  local _, e2 = pcall(assigned)
  local _, e3 = pcall(tailcall)
  local _, e4 = pcall(setmetatable, {}, 1)
  assert(e4:find("bad argument #2 to 'setmetatable' %(nil or table expected"), e4)
  for _, e in ipairs({e1, e2, e3}) do assert(e:find(e4, 1, true), e) end
  local locked = setmetatable({}, {__metatable = "locked"})
  local function protected() setmetatable(locked, mt) end
  local _, p1 = pcall(protected)
  local _, p2 = pcall(setmetatable, locked, mt)
  assert(p1:find("cannot change a protected metatable", 1, true), p1)
  assert(p2:find("cannot change a protected metatable", 1, true), p2)
  local _, n1 = pcall(function() setmetatable(1, mt) end)
  local _, n2 = pcall(setmetatable, 1, mt)
  assert(n1:find(n2, 1, true), n1 .. " / " .. n2)
  eq(getmetatable(locked), "locked")
  eq(debug.setmetatable(t, nil), t)
  eq(getmetatable(t), nil)
end)

test("a table marked again keeps its place in finalization order; unmarking in any call shape drops it", function()
  local log = {}
  local mt = {__gc = function(o) log[#log + 1] = o.name end}
  local other = {__gc = function(o) log[#log + 1] = o.name .. "'" end}
  local a = setmetatable({name = "a"}, mt)
  local b = setmetatable({name = "b"}, mt)
  setmetatable(a, other)
  local c = setmetatable({name = "c"}, mt)
  local function unmark(x) setmetatable(x, nil) end
  unmark(c)
  local d = setmetatable({name = "d"}, mt)
  local function unmarkTail(x) return setmetatable(x, nil) end
  unmarkTail(d)
  a, b, c, d = nil, nil, nil, nil
  collectgarbage()
  eq(table.concat(log, ","), "b,a'")
end)

test("a marked table keeps its metatable, metamethods and weak mode", function()
  local mt = {__mode = "k", __gc = function() end, __index = function(_, k) return k .. "!" end}
  local t = setmetatable({}, mt)
  eq(getmetatable(t), mt)
  eq(t.x, "x!")
  t[{}] = 1
  collectgarbage()
  eq(next(t), nil)
end)

test("errors of Java functions called in tail position carry the caller's line; Lua tail calls stay proper", function()
  local function rep(s) return s:rep() end local line = debug.getinfo(1, "l").currentline
  local ok, err = pcall(rep, "x")
  eq(err, "compatibility_spec.lua:" .. line .. ": bad argument #1 to 'rep' (number expected, got no value)")
  local function raise() return error("boom") end line = debug.getinfo(1, "l").currentline
  ok, err = pcall(raise)
  eq(err, "compatibility_spec.lua:" .. line .. ": boom")
  ok, err = pcall(function() return undefined_in_tail_position() end) line = debug.getinfo(1, "l").currentline
  eq(err, "compatibility_spec.lua:" .. line .. ": attempt to call a nil value (global 'undefined_in_tail_position')")
  local function count(n) if n == 0 then return "bottom" end return count(n - 1) end
  eq(count(200000), "bottom")
  local callable = setmetatable({}, {__call = function(_, x) return x + 1 end})
  local function viaCall(x) return callable(x) end
  eq(viaCall(41), 42)
  local function pair() return select(2, "a", "b", "c") end
  eq(select("#", pair()), 2)
end)
