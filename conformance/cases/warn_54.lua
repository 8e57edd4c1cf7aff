-- reference: lua5.4
warn("not shown")
warn("@on")
print("after")
