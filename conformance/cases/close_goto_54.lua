-- reference: lua5.4
-- goto out of the scope of <close> variables (Lua 5.4 manual §3.3.4, §3.3.8): forward, backward, continue-style, out of nested blocks and loops.
local function closer(name) return setmetatable({}, {__close = function(v, e) print("close", name, e) end}) end
for i = 1, 3 do
  local c <close> = closer("c" .. i)
  if i == 2 then goto continue end
  print("body", i)
  ::continue::
end
do
  local x <close> = closer("x")
  do
    local y <close> = closer("y")
    goto out
  end
end
::out::
print("after out")
local n = 0
::again::
do
  local z <close> = closer("z" .. n)
  n = n + 1
  if n < 3 then goto again end
end
print("after again")
local function f()
  local a <close> = closer("a")
  do
    local b <close> = closer("b")
    goto skip
  end
  ::skip::
  print("in f after skip")
  return "ret"
end
print(f())
while true do
  local w <close> = closer("w")
  do local v <close> = closer("v") goto done end
end
::done::
print("end")
