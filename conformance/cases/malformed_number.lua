-- numerals the lexer must reject, and ones it must keep
for _, src in ipairs{"x = 127.0.0.1", "x = 3d", "x = 1f", "x = 1..2", "x = 0x", "x = 12abc", "x = 1e", "x = 0x1p"} do
  print(load(src, "=src"))
end
print(0x1p4, 1e+5, 5., .5, 0xA.8p1, 1 ..2, 3e-2, 0xff)
local t = {a1 = 1} print(t.a1, #"..", ...)
