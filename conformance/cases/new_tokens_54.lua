-- reference: lua5.4
-- The lexer after 5.4's new tokens: // << >> ~ next to other tokens, comments, and the old ones.
local a, b = 9, 2
print(a//b, a<<b, a>>b, a~b, ~a, a~=b, a<=b, a>=b, a<b, a>b)
print(a // b -- comment with // << >> ~ inside
)
--[==[ a long comment
with // and ~ ]==] print("after long comment")
local t = {x = 7 // 2, [8 >> 2] = "two", 1 << 3}
print(t.x, t[2], t[1])
print(load("return 1 ~"))
print(load("return 1 //"))
print(load("x = 1 // // 2"))
print(load("return 1 <<< 2"))
