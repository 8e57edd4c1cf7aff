for k, v in string.gmatch("a=1, b=2, c=3", "(%w+)=(%w+)") do io.write(k, v, ";") end print()
for w in string.gmatch("one two  three", "%a+") do io.write("[", w, "]") end print()
local n = 0 for _ in string.gmatch("abc", "") do n = n + 1 end print(n)
for a in string.gmatch("abc", "a*") do io.write("<", a, ">") end print()
