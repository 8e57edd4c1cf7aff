-- reference: lua5.4
local co = coroutine.wrap(function() return coroutine.isyieldable() end)
print(co())
