-- os.exit without close skips finalizers; the exit status is kept
setmetatable({}, {__gc = function() print("must not run") end})
io.write("exiting\n")
os.exit(3)
