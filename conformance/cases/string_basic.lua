print(string.byte("abc", -1), string.byte("abc", 1, 3), string.byte(""), ("x"):len())
print(string.sub("hello", -3), string.sub("hello", 2, -2), string.sub("hello", 0), string.sub("hello", 10), string.sub("hello", -100, 2))
print(string.char(72, 105), string.char(), string.reverse("abc"), ("%d"):format(5))
print(pcall(function() return (string.char(256)) end))
print(#"\65\066\x43\z
       D")
