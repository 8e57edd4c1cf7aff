-- os.exit(code, true) closes the state first: finalizers run
x = setmetatable({}, {__gc = function() print("finalized before exit") end})
print("exiting")
os.exit(2, true)
