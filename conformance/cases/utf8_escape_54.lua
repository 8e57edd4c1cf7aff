-- reference: lua5.4
-- The escape \u{XXX} (Lua 5.4 manual §3.1): the UTF-8 encoding of the code point, up to 2^31 - 1.
print("\u{48}\u{49}", "\u{20AC}", "\u{10FFFF}" == "\xF4\x8F\xBF\xBF", #"\u{7FFFFFFF}", #"\u{0}", "\u{0041}")
print(("\u{7FFFFFFF}"):byte(1, -1))
print(load("return '\\u48'"))
print(load("return '\\u{}'"))
print(load("return '\\u{80000000}'"))
print(load("return '\\u{48'"))
print(load("return '\\u{4g}'"))
