print(string.match("aaab", "a-b"), string.match("aaab", "a*"), string.match("b", "a?b"), string.match("<a><b>", "<.->"))
print(string.match("<a><b>", "<.*>"), string.match("", "a*"), string.match("x", "a+"))
