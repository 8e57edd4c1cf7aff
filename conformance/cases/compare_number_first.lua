-- a comparison with a number on the left: metamethods of the other operand, errors in 5.4's words
local function kind(v) return math.type(v) or type(v) end
local calls = {}
local mt = {
  __lt = function(a, b) calls[#calls + 1] = "lt(" .. kind(a) .. "," .. kind(b) .. ")"; return kind(a) == "float" end,
  __le = function(a, b) calls[#calls + 1] = "le(" .. kind(a) .. "," .. kind(b) .. ")"; return kind(b) == "float" end,
}
local t = setmetatable({}, mt)
print(1 < t, 1 <= t, 2.0 < t, 1.5 <= t, t < 1, t <= 2.5)
print(1 > t, 1 >= t, t > 1, t >= 1.0)
print(math.maxinteger < t, -1 < t)
print(table.concat(calls, " "))
for _, v in ipairs({{}, "x", true, print}) do
  print(pcall(function() return 1 < v end))
  print(pcall(function() return 1.5 <= v end))
  print(pcall(function() return v < 2 end))
  print(pcall(function() return 3 > v end))
end
print(pcall(function() return 1 < nil end))
print(pcall(function() return nil >= 1 end))
