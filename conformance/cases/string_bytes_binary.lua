local s = "\0\1\2\255"
print(#s, s:byte(1, -1))
print(("\255"):upper() == "\255", #string.format("%q", "\0"))
print(string.find("a\0b", "\0"), string.find("a\0b", "%z"))
print(("x\0y"):gsub("%z", "0"))
