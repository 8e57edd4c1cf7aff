-- reference: lua5.4
print(tonumber("10"), tonumber("10.0"), tonumber("0x10"), tonumber("1e2"), tonumber("  12  "))
print(tonumber("1e"), tonumber("0x"), tonumber("1 2"), tonumber(""), tonumber("inf"), tonumber("nan"))
print(tonumber("9223372036854775807"), tonumber("9223372036854775808"), tonumber("0xffffffffffffffff"))
print(math.type(tonumber("10")), math.type(tonumber("10.")), tonumber("0x1p4"), tonumber(".5"), tonumber("-.5"))
