print(string.format("%f %e %g", math.huge, -math.huge, 1e300))
print(string.format("%.3f", 2/3), string.format("%.10g", 2/3), string.format("%.20f", 0.1))
print(string.format("%a", 1), string.format("%5.1f|", 9.96))
