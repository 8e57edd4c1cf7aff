-- reference: lua5.4
print(math.tointeger(3.0) == 3, math.tointeger(3.5), math.tointeger("x"))
print(math.type(1.5), math.type("1"), math.type(nil))
print(math.ult(1, 2), math.ult(-1, 2), math.ult(2, -1))
