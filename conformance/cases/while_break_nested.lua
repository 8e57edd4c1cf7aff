local n = 0
while true do n = n + 1 if n > 5 then break end end
print(n)
for i = 1, 3 do for j = 1, 3 do if j > i then break end io.write(i, j, " ") end end print()
local k = 10 repeat k = k - 3 until k < 0 print(k)
