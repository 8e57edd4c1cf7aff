print(math.sin(0), math.cos(0), math.tan(0), math.asin(1), math.acos(1), math.atan(1))
print(math.atan2(1, 1), math.sinh(0), math.cosh(0), math.tanh(0))
print(string.format("%.10f %.10f", math.sin(1), math.cos(1)))
