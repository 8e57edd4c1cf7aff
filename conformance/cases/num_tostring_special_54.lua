-- reference: lua5.4
print(1/0, -1/0, math.huge, -math.huge)
print(0/0 ~= 0/0, tostring(1/0), tostring(-1/0))
