-- reference: lua5.4
local s = string.pack("<b B h H i4 I4 j", -5, 200, -300, 60000, -70000, 4000000000, -2^40)
print(#s, string.unpack("<b B h H i4 I4 j", s))
print(string.unpack(">i2", "\1\2"), string.unpack("<i2", "\1\2"), string.unpack("=I2", "\1\2"))
print(string.unpack("i16", string.pack("i16", -123456)), string.unpack(">i16", string.pack(">i16", 99)))
print(string.unpack("I16", string.pack("I16", 2^40)), string.unpack("<i12", ("\255"):rep(12)))
print(string.unpack("i3", "\255\255\127"), string.unpack("i3", "\0\0\128"), string.unpack("I3", "\0\0\128"))
print(string.unpack("J", ("\255"):rep(8)), string.unpack("i9", ("\255"):rep(9)), string.unpack("I8", "\254" .. ("\255"):rep(7)))
print(string.unpack("<f >d n", string.pack("<f >d n", 0.1, -1.5, 3.25)))
print(string.unpack("z c3 s1 s", string.pack("z c3 s1 s", "hello", "ab", "xy", "")))
print(string.unpack("c0 z", "\0"), string.unpack(">s2", "\0\3abcd"))
local d = "abcdefgh"
print(string.unpack("c2", d, 3), string.unpack("c2", d, -2), string.unpack("c2", d, -100), string.unpack("c2", d, 0))
print(string.unpack("c0", d, 9), string.unpack("", d), string.unpack("", d, 9), string.unpack("b", d, "2"))
local p = string.pack("!4 b i4 b h b d", 1, 2, 3, 4, 5, 6.5)
print(#p, string.unpack("!4 b i4 b h b d", p))
print(string.unpack("!4 i4", "xxxx\7\0\0\0", 2), string.unpack("!8 b Xi8 b", "\1\0\0\0\0\0\0\0\2"))
print(string.unpack("x x b", "\0\0\9"), string.unpack("!2 b Xh b", "\1\0\2"))
for _, f in ipairs{"b", "B", "h", "H", "i3", "I5", "j", "J", "T", "i16", ">I11", "<i7", "l", "L"} do
  local v = f:find("[BHIJLT]") and 100 or -100
  io.write(f, "=", string.unpack(f, string.pack(f, v)), " ")
end
print()
for _, v in ipairs{0, 1, -1, 127, -128, 2^31, -2^31 - 1, 2^40 + 1, -2^40 - 3} do
  io.write(string.unpack("j", string.pack("j", v)), " ", string.unpack(">i16", string.pack(">i16", v)), " ")
end
print()
