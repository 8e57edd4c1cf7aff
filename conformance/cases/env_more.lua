local function with_env()
  local _ENV = setmetatable({}, {__index = _G})
  newglobal = "inside"
  return newglobal, _G.newglobal
end
print(with_env())
print(_ENV == _G, rawget(_G, "newglobal"))
local f = load("return _ENV") print(f() == _G)
