-- tostring of functions: "function: <id>" for Lua and library functions, distinct per closure
local function mk(x) return function() return x end end
local a, b = mk(1), mk(2)
print(tostring(print):match("^function: %x+") ~= nil, tostring(a):match("^function: %x+") ~= nil)
print(tostring(a) ~= tostring(b), tostring(a) == tostring(a), tostring(string.format):find("format") == nil)
local seen = {}
for _, f in ipairs({print, type, a, b, mk}) do seen[tostring(f)] = true end
local n = 0 for _ in pairs(seen) do n = n + 1 end
print(n)
