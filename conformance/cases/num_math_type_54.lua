-- reference: lua5.4
print(math.type(1), math.type(1.0), math.type(-0.0), math.type("1"), math.type(nil), math.type({}))
print(pcall(math.type))
