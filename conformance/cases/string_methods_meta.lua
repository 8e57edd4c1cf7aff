local s = "hello"
print(s:upper(), s:len(), s:sub(2, 3), ("x"):rep(2), #s)
print(getmetatable("").__index == string)
print(("5") + 1, "10" * "2", "3" ^ 2, 10 .. "")
