local print = print
do
  local _ENV = {x = 1}
  print(x, y)
end
local function sandbox()
  local _ENV = {tostring = tostring}
  z = 5
  return z, _ENV.z
end
print(sandbox())
x = 10 print(_ENV.x, _G.x, _G == _ENV)
