-- Lua 5.4 syntax inside the engine's own features: timers, coroutines, load.

test("new operators work in timer callbacks and coroutines", function()
  local seen = {}
  setTimeout(function() seen[#seen + 1] = 17 // 5 end, 10)
  local co = coroutine.wrap(function(x)
    local y = coroutine.yield(x & 6)
    return y << 2 | 1
  end)
  seen[#seen + 1] = co(7)
  seen[#seen + 1] = co(3)
  advance(10)
  eq(seen, {6, 13, 3})
end)

test("a failing operator points at its line and can be caught", function()
  local ok, err = pcall(function()
    local n = 0
    return 10 // n
  end)
  eq(ok, false)
  assert(err:find("lua54_syntax_spec.lua:19: attempt to divide by zero", 1, true), err)
  ok, err = pcall(function() return 2.5 | 0 end)
  assert(err:find("number has no integer representation", 1, true), err)
end)

test("<const> locals are readable and assigning them does not compile", function()
  local k <const> = 42
  eq(k // 5, 8)
  local f, err = load("local c <const> = 1\nc = 2", "=chunk")
  eq(f, nil)
  eq(err, "chunk:2: attempt to assign to const variable 'c'")
  f, err = load("local c <close> = 1", "=chunk")
  eq(f ~= nil, true) -- compiles; the value is checked when the declaration runs
  eq(select(2, pcall(f)), "chunk:1: variable 'c' got a non-closable value")
end)

test("goto out of <close> scopes closes what it leaves, once", function()
  local log = {}
  local function closer(name)
    return setmetatable({}, {__close = function() log[#log + 1] = name end})
  end
  for i = 1, 2 do
    local c <close> = closer("c" .. i)
    if i == 1 then goto continue end
    log[#log + 1] = "body" .. i
    ::continue::
  end
  do
    local x <close> = closer("x")
    do local y <close> = closer("y") goto out end
  end
  ::out::
  eq(log, {"c1", "body2", "c2", "y", "x"})
end)

local function closer(log, name)
  return setmetatable({}, {__close = function(_, e) log[#log + 1] = name .. (e and ("!" .. tostring(e)) or "") end})
end

test("<close> variables of a timer callback close after it sleeps, and on its own error", function()
  local log = {}
  setTimeout(function()
    local a <close> = closer(log, "a")
    sleep(50)
    log[#log + 1] = "woke"
  end, 10)
  setTimeout(function()
    local b <close> = closer(log, "b")
    error("cb failed", 0)
  end, 20)
  advance(20)
  eq(log, {"b!cb failed"})
  assert(errors():find("cb failed", 1, true))
  advance(100)
  eq(log, {"b!cb failed", "woke", "a"})
end)

test("<close> in coroutines: closed when the body ends, kept pending after an error", function()
  local log = {}
  local co = coroutine.create(function()
    local c <close> = closer(log, "c")
    coroutine.yield(1)
    error("co failed", 0)
  end)
  eq({coroutine.resume(co)}, {true, 1})
  eq(log, {})
  eq({coroutine.resume(co)}, {false, "co failed"})
  eq(log, {})
  local ok = pcall(function()
    local d <close> = closer(log, "d")
    local e <close> = closer(log, "e")
    error("x", 0)
  end)
  eq(ok, false)
  eq(log, {"e!x", "d!x"})
end)

test("operator metamethods are called", function()
  local v = setmetatable({}, {
    __idiv = function(a, b) return "idiv" end,
    __shl = function(a, b) return "shl" end,
    __bnot = function(a) return "bnot" end,
  })
  eq(v // 2, "idiv")
  eq(1 << v, "shl")
  eq(~v, "bnot")
end)

test("string.dump keeps 5.4 constants: integer and float subtypes, operators, <close>", function()
  local src = [[
    local log = {}
    do
      local c <close> = setmetatable({}, {__close = function() log[#log + 1] = "closed" end})
      log[#log + 1] = 7 // 2
    end
    local function inner(a) return a << 4 | 1, ~a, a & 3, a ~ 1, a >> 1 end
    return 1, 1.0, 9007199254740993, -0.0, math.mininteger, 3000000000, 0.1, "s\0z", log, inner(5)
  ]]
  local f = assert(load(src, "=dumped"))
  for _, strip in ipairs({false, true}) do
    local chunk = string.dump(f, strip)
    eq(chunk:sub(1, 5), "\27Lua\x54")
    local g = assert(load(chunk, "binary", "b"))
    local r = table.pack(g())
    eq(math.type(r[1]), "integer")
    eq(math.type(r[2]), "float")
    eq(r[3], 9007199254740993)
    eq(math.type(r[3]), "integer")
    eq(1 / r[4], -math.huge)
    eq(r[5], math.mininteger)
    eq(math.type(r[6]), "integer")
    eq(r[7], 0.1)
    eq(r[8], "s\0z")
    eq(r[9], {3, "closed"})
    eq({r[10], r[11], r[12], r[13], r[14]}, {81, -6, 1, 4, 2})
  end
  -- text mode refuses a binary chunk, as in 5.4
  local g, err = load(string.dump(f), "binary", "t")
  eq(g, nil)
  assert(err:find("binary", 1, true), err)
end)

test("a dumped function keeps its chunk name and lines unless stripped", function()
  local f = assert(load("local x = nil\nreturn x.y", "@named.lua"))
  local _, err = pcall(assert(load(string.dump(f))))
  assert(err:find("named.lua:2:", 1, true), err)
  _, err = pcall(assert(load(string.dump(f, true))))
  assert(err:find("^%?:") or err:find("attempt to index"), err)
  local ok, msg = pcall(string.dump, print)
  eq(ok, false)
  assert(msg:find("unable to dump given function", 1, true), msg)
end)
