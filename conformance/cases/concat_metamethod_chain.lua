local mt = {__concat = function(a, b)
  local av = type(a) == "table" and a.v or a
  local bv = type(b) == "table" and b.v or b
  return av .. "+" .. bv end}
local x = setmetatable({v = "X"}, mt)
print(x .. "s", "s" .. x, 1 .. x, x .. x)
print("a" .. "b" .. x)
