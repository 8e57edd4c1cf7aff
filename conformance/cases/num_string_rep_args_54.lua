-- reference: lua5.4
print(string.rep("ab", 3.0), ("x"):rep(2), string.sub("hello", 2.0, 4), string.sub("hello", 2, math.maxinteger))
print(pcall(string.rep, "a", 2.5))
