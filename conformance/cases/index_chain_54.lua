local A = {a = "A"}
local B = setmetatable({b = "B"}, {__index = A})
local C = setmetatable({c = "C"}, {__index = B})
local D = setmetatable({}, {__index = function(t, k) return "fn:" .. k end})
local E = setmetatable({}, {__index = D})
print(C.a, C.b, C.c, C.d, E.zz, rawget(C, "a"))
local log = {}
local P = setmetatable({}, {__newindex = function(t, k, v) log[#log + 1] = k rawset(t, k, v * 2) end})
P.x = 1 P.x = 5 P.y = 2
print(P.x, P.y, table.concat(log, ","))
local Q = setmetatable({}, {__newindex = C})
Q.k = "v" print(rawget(Q, "k"), rawget(C, "k"))
local called = setmetatable({}, {__call = function(self, a, b) return a + b, self end})
print(called(2, 3) , select('#', called(1, 1)))
