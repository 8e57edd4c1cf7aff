local function lf() error("boom") end
local t = {}
function t.field() lf() end
local obj = {}
function obj:meth() t.field() end
function glob() obj:meth() end
print(xpcall(glob, debug.traceback))
print(debug.traceback("msg"))
print(debug.traceback("msg", 2))
print(debug.traceback(nil))
print(debug.traceback(42))
print(debug.traceback({}) ~= nil)
local co = coroutine.create(function() coroutine.yield() end)
coroutine.resume(co)
print(debug.traceback(co))
print(debug.traceback(co, "hi"))
local function rec(n) if n == 0 then error("deep") end return 1 + rec(n - 1) end
print(xpcall(rec, debug.traceback, 30))
local s = {3, 1, 2}
print(xpcall(function() table.sort(s, function(a, b) error("cmp") end) end, debug.traceback))
print(xpcall(function() local x = nil; return x.y end, debug.traceback))
print(xpcall(function() string.rep() end, debug.traceback))
local function loc() local v = nil; return v() end
print(xpcall(function() loc() end, debug.traceback))
glob()
