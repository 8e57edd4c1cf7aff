local s = "hello"
print(s:sub(2), s:sub(-2), s:sub(2, 100), s:sub(0, 0), s:sub(3, 2), s:sub(-100, -4))
print(s:byte(0), s:byte(10), s:byte(-1), #s:sub(6))
print(("x"):rep(3):len(), s:upper():lower() == s)
