print(("x"):rep(3, ","), ("x"):rep(-1), ("x"):rep(0, ","), ("ab"):rep(2, ""), ("a"):rep(1, "-"))
print(string.upper("abc\200\233xyz"), string.lower("ÀBC"), #string.upper("é"), string.upper("é") == "é")
print(string.len("\0\0"), ("abc"):upper():lower())
