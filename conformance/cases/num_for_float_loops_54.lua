-- reference: lua5.4
for i = 1, 3.5 do io.write(tostring(i), " ") end print()
for i = 1.0, 3 do io.write(tostring(i), " ") end print()
for i = 1, 2, 0.5 do io.write(tostring(i), " ") end print()
for i = 3, 1.5, -1 do io.write(tostring(i), " ") end print()
for i = 1, 0 do print("never") end
for i = 0.1, 0.35, 0.1 do io.write(string.format("%.1f ", i)) end print()
