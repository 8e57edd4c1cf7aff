local s = [[
line1
line2]]
print(s, #s)
print([==[a]]b]==]) --[[ block
comment ]] print("after comment")
--[==[ another
]==] print(#[[]])
