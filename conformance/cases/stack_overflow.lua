local function f() return f() + 1 end
print(pcall(f))
local depth = 0
local function g() depth = depth + 1; g() end
local ok = pcall(g)
print(ok, depth > 1000)
print("still running")
