local s = 0 for i = 10, 1, -3 do s = s + i end print(s)
for i = 1, 0 do print("never") end
local n = 0 repeat n = n + 1 local done = n >= 3 until done print(n)
for i = 1, 2, 0.5 do io.write(i, " ") end print()
print(pcall(function() for i = 1, "x" do end end))
