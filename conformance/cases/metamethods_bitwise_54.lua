local mt = {}
for _, e in ipairs({"idiv", "band", "bor", "bxor", "shl", "shr", "mod", "pow", "unm", "bnot", "len", "concat"}) do
  mt["__" .. e] = function(a, b) return e end
end
local x = setmetatable({}, mt)
print(x // 1, 1 // x, x & 1, 1 | x, x ~ 2, x << 1, 1 >> x)
print(x % 2, x ^ 2, -x, ~x, #x, x .. "s", "s" .. x)
print(pcall(function() return {} & 1 end))
print(pcall(function() return 1.5 | 1 end))
print(pcall(function() return "a" // 1 end))
