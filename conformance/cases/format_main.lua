print(string.format("%5.2f|%e|%g|%d", 1/3, 12345.678, 0.1, 2^53))
print(string.format("%10.4f|%-10.2e|%+.3g|%G", math.pi, -1234.5, 0.000012345, 1e20))
print(string.format("%.0f %.0f %.0f %.1f %.2f", 0.5, 1.5, 2.5, 0.05, 0.125))
print(string.format("%g %g %g %g %g", 100000, 1000000, 1e-4, 1e-5, 123456789))
