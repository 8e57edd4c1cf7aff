local function lvl1() error("one", 1) end
local function lvl2() error("two", 2) end
local function caller() lvl2() end
local function lvl0() error("zero", 0) end
local function lvl3() error("three", 3) end
local function mid() lvl3() end
local function top() mid() end
print(pcall(lvl1))
print(pcall(caller))
print(pcall(lvl0))
print(pcall(top))
print(pcall(error, "plain"))
print(pcall(function() error({code = 1}) end) == false)
print(pcall(error, setmetatable({}, {__tostring = function() return "TS" end})))
print(select('#', pcall(error)), pcall(error, nil))
print(pcall(error, true), pcall(error, 1.5))
local ok, e = pcall(error, {msg = "tbl"}) print(ok, type(e), e.msg)
print(pcall(function() local x = nil; x() end))
print(pcall(pcall))
print(pcall(pcall, error, "inner"))
print(pcall(xpcall))
print(pcall(xpcall, print))
print(xpcall(function(...) return ... end, print, 1, 2))
print(xpcall(error, function(m) return "handled: " .. tostring(m) end, "E"))
print(xpcall(function() error({}) end, function(m) return type(m) end))
print(xpcall(function() error("x") end, function(m) error("in handler") end))
