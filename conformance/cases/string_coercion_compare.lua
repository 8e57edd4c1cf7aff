print("a" < "b", "abc" < "abd", "Z" < "a", "" < "a", "10" < "9")
print(1 == 1.0, "1" == 1, 0.1 + 0.2 == 0.3)
print(pcall(function() return "1" < 2 end))
