-- reference: lua5.4
print(string.format("%g %g %g %g", 1e20, 0.1, 2^63, 100))
print(string.format("%.3f %e %.2e %5.1f", 1/3, 12345.678, 0.000123, 3))
print(string.format("%s %s %s", 1, 1.0, -0.0))
