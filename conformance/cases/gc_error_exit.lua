-- an uncaught error still closes the state: the message, then the finalizers
x = setmetatable({}, {__gc = function() print("finalized after error") end})
error("failing on purpose")
