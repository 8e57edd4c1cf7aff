local function make() local n = 0 return function() n = n + 1 return n end, function() return n end end
local inc, get = make()
inc() inc() print(get())
local fns = {}
for i = 1, 3 do local j = i * 10 fns[i] = function() return j end end
print(fns[1](), fns[2](), fns[3]())
local x = 1
local function f() return x end
x = 2 print(f())
