-- Error reporting: callback errors never stop the loop.

test("an error in a timer callback is reported with its kind and traceback", function()
  setTimeout(function() local t = nil; return t.x end, 0)
  local after = false
  setTimeout(function() after = true end, 0)
  advance(0)
  eq(after, true)
  local errs = errors()
  assert(errs:find("jeplua: error in timer callback: errors_spec.lua:%d+:"), errs)
  assert(errs:find("stack traceback:"), errs)
end)

test("an error after a yield is reported when the callback resumes", function()
  setTimeout(function() sleep(10); error("late") end, 0)
  advance(0)
  eq(errors(), "")
  advance(10)
  local errs = errors()
  assert(errs:find("error in timer callback: errors_spec.lua:%d+: late"), errs)
end)

test("immediate errors name the immediate kind", function()
  setImmediate(function() error("imm") end)
  advance(0)
  assert(errors():find("error in immediate callback"))
end)

test("error objects that are tables are reported without crashing", function()
  setTimeout(function() error({code = 1}) end, 0)
  advance(0)
  assert(errors():find("error in timer callback: table"))
end)

test("pcall catches errors with positions in chunk:line: form", function()
  local ok, err = pcall(error, "plain", 0)
  eq(ok, false)
  local ok2, err2 = pcall(function() error("positioned") end)
  eq(ok2, false)
  assert(err2:find("^errors_spec.lua:%d+: positioned$"), err2)
end)

test("os.exit is not swallowed by pcall", function()
  -- only checks that os.exit exists and is ours (calling it would end the engine)
  eq(type(os.exit), "function")
end)

test("an unknown _PY function is nil, and calling it says JEPLua does not provide it", function()
  eq(_PY.surely_not_a_function, nil)
  if _PY.surely_not_a_function then error("feature detection must see nil") end
  local ok, err = pcall(function() _PY.surely_not_a_function(1, 2) end)
  eq(ok, false)
  assert(err:find("attempt to call a nil value (field 'surely_not_a_function'): "
    .. "_PY.surely_not_a_function is not provided by JEPLua", 1, true), err)
  ok, err = pcall(function() return jeplua.other_missing() end)
  assert(err:find("jeplua.other_missing is not provided by JEPLua", 1, true), err)
  local _PY = _PY -- a local or upvalue of that name counts too
  ok, err = pcall(function() _PY.third() end)
  assert(err:find("_PY.third is not provided by JEPLua", 1, true), err)
  local t = {}
  ok, err = pcall(function() t.missing() end)
  assert(not err:find("JEPLua", 1, true), err)
  assert(err:find("attempt to call a nil value (field 'missing')", 1, true), err)
end)

test("tracebacks name metamethods and for iterators as 5.4 does", function()
  local seen = {}
  local function note() seen[#seen + 1] = debug.traceback("", 2):match("\n[^\n]*\n\t[^\n]*: in ([^\n]*)") end
  local mt = {}
  for _, e in ipairs({"__index", "__newindex", "__add", "__unm", "__len", "__concat", "__eq", "__lt", "__le"}) do
    mt[e] = function() note() return 1 end
  end
  local a, b = setmetatable({}, mt), setmetatable({}, mt)
  local _ = a.x; a.y = 1; _ = a + 1; _ = -a; _ = #a; _ = a .. "s"; _ = a == b; _ = a < b; _ = 1 <= a
  for _ in function() note() end do end
  eq(table.concat(seen, ","), "metamethod 'index',metamethod 'newindex',metamethod 'add',metamethod 'unm',"
    .. "metamethod 'len',metamethod 'concat',metamethod 'eq',metamethod 'lt',metamethod 'le',"
    .. "for iterator 'for iterator'")
end)
