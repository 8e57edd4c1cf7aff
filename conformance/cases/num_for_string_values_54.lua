-- reference: lua5.4
for i = "1", 2 do io.write(tostring(i), " ") end print()
for i = 1, "3" do io.write(tostring(i), " ") end print()
