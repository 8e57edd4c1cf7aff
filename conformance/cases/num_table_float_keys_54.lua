-- reference: lua5.4
local t = {}
t[1.0] = "a" t[2] = "b" t[2^53] = "c"
print(t[1], t[2.0], t[2^53 | 0], #t)
for k, v in pairs(t) do io.write(math.type(k), " ") end print()
t[1.5] = "x" print(t[1.5], rawget(t, 1.0), next({[3.0] = 1}), math.type(next({[3.0] = 1})))
