for i = 1, 3 do
  for j = 1, 3 do
    if j == 2 then goto continue end
    io.write(i, j, " ")
    ::continue::
  end
end
print()
do
  local k = 0
  ::top::
  k = k + 1
  if k < 5 then goto top end
  print(k)
end
print(load("goto nowhere"))
print(load("do ::a:: end ::a:: ::a::"))
print(type(load("local x goto f; local y = 1; ::f:: print(y)")))
print(type(load("do goto f; local y = 1; ::f:: end")))
local t = {}
for i = 1, 3 do
  local v = i * 10
  t[i] = function() return v end
  if i == 2 then goto skip end
  ::skip::
end
print(t[1](), t[2](), t[3]())
