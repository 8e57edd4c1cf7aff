for _, v in ipairs({0.1, 1/3, 123.456, 1e-10, 2^40, 1e14, 123456789012}) do
  io.write(tostring(tonumber(tostring(v))), " ")
end
print()
print(tonumber("  0x1F  "), tonumber("1e+2"), tonumber("-.5"), tonumber("+3"))
