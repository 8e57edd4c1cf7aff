local t = setmetatable({}, {__gc = function() print("collected") end})
t = nil
collectgarbage()
collectgarbage()
print("end")
