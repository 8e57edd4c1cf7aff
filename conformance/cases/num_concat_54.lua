-- reference: lua5.4
print(1 .. "", 1.0 .. "", -0.0 .. "", 1e15 .. "", 2^63 .. "", math.mininteger .. "")
print(10 / 2 .. "|" .. 3 .. "|" .. 3.5)
