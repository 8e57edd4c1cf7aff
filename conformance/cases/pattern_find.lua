print(string.find("hello world", "o w"), string.find("hello", "l+"), string.find("abc", "b", 10))
print(string.find("abc", "", 4), string.find("abc", "", 5), string.find("abc", "c", -1))
print(string.find("a+b", "+", 1, true), string.find("a.b", ".", 2), string.find("a.b", "%.", 1))
print(string.find("  x", "^%s*"), string.find("abc", "^b"), string.find("abc", "c$"))
