-- reference: lua5.4
print(math.tointeger(3.0), math.tointeger(3.5), math.tointeger(2^63), math.tointeger(-2^63))
print(math.tointeger("8"), math.tointeger("x"), math.tointeger(7), math.tointeger({}))
