-- finalizers of live objects run when the state closes, newest first; a finalizer may use globals
local mt = {__gc = function(o) print("closing", o.name, type(print)) end}
a = setmetatable({name = "global"}, mt)
local b = setmetatable({name = "local"}, mt)
local holder = {child = setmetatable({name = "child"}, mt)}
setmetatable({name = "garbage"}, mt)
print("end of chunk")
