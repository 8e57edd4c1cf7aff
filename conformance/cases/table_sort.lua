local t = {5, 2, 8, 1, 9, 3}
table.sort(t) print(table.concat(t, " "))
table.sort(t, function(a, b) return a > b end) print(table.concat(t, " "))
local s = {"banana", "apple", "Cherry"} table.sort(s) print(table.concat(s, " "))
print(pcall(table.sort, {3, 1, 2, 5, 4, 7, 6, 9, 8, 10, 11, 12}, function(a, b) return true end))
print(pcall(table.sort, {1, "x", 2}))
local big = {} for i = 1, 200 do big[i] = (i * 7919) % 211 end
table.sort(big) local ok = true for i = 2, 200 do if big[i - 1] > big[i] then ok = false end end print(ok)
