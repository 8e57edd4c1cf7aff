-- Negative zero: the reference keeps the sign of -0.0; LuaJ stores integral doubles as integers.
print(-0.0, math.ceil(-0.5), 0 * -1, string.format("%f", -0.0))
