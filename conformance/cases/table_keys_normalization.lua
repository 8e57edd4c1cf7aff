local t = {}
t[1.0] = "one" t[2] = "two"
print(t[1], t[2.0], #t)
t["1"] = "string one" print(t[1], t["1"])
print(pcall(function() t[nil] = 1 end))
print(pcall(function() t[0/0] = 1 end))
