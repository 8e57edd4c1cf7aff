local ok, e = pcall(error, {code = 42}) print(ok, type(e), e.code)
ok, e = pcall(error, "plain", 0) print(e)
ok, e = pcall(function() error() end) print(ok, e)
ok, e = pcall(function() error("with level 1") end) print(e)
local function thrower() error("deep", 3) end
local function mid() thrower() end
ok, e = pcall(function() mid() end) print(e)
print(select("#", pcall(function() return 1, 2, 3 end)))
print(pcall(pcall, error, "e"))
