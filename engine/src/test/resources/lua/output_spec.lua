-- print and io.write go through the output bus.

test("print formats like standard Lua", function()
  print("a", 1, nil, true)
  print()
  print(nil)
  eq(output(), "a\t1\tnil\ttrue\n\nnil\n")
end)

test("print honours __tostring and __name but not a replaced tostring (5.4)", function()
  local obj = setmetatable({}, {__tostring = function() return "OBJ" end})
  print(obj)
  eq(output(), "OBJ\n")
  local saved = tostring
  tostring = function(v) return "<" .. saved(v) .. ">" end
  print("x", 2)
  tostring = saved
  eq(output(), "x\t2\n")
  print((tostring(setmetatable({}, {__name = "Point"})):gsub(": %x+$", ": ID")))
  eq(output(), "Point: ID\n")
  local bad = setmetatable({}, {__tostring = function() return {} end})
  local ok, err = pcall(print, bad)
  eq(ok, false)
  assert(err:find("'__tostring' must return a string", 1, true), err)
end)

test("io.write goes to the same output", function()
  io.write("a", "b", 3)
  io.stdout:write("c\n")
  eq(output(), "ab3c\n")
end)

test("bytes that are not UTF-8 pass through print unchanged", function()
  print("\255\254")
  eq(output(), "\255\254\n")
end)
