-- reference: lua5.4
print(-0.0, 0.0, 0.0 == -0.0, 1/(-0.0), -0.0 + 0, 0 * -1.0, -(0.0))
local z = -0.0 print(z, string.format("%g", z))
