print(1/3 .. "", 2^53 .. "|" .. 0.1 .. "|" .. 1e15 .. "|" .. -0.25)
local t = {}
for i = 1, 5 do t[#t + 1] = i / 4 .. "" end
print(table.concat(t, " "))
print(("x"):rep(2) .. 1.5, 10 .. 20)
