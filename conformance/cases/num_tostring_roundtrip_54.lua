-- reference: lua5.4
for _, v in ipairs({1, 1.0, -1.5, 1e15, 1e16, 2^63, math.mininteger, 0.1, 123.456}) do
  local s = tostring(v) io.write(s, "=", math.type(tonumber(s)), " ")
end
print()
