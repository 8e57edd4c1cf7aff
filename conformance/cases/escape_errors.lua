-- Escape sequences in short strings: the three errors lua5.2's lexer raises, and valid tricky escapes.
local function try(src, name)
  local f, err = load(src, name)
  if f then
    local ok, v = pcall(f)
    print("ok", (string.gsub(tostring(v), "[%c\128-\255]", function(c) return "<" .. c:byte() .. ">" end)))
  else
    print("error", err)
  end
end
-- errors
try('return "a\\qb"')
try('return "\\x4g"')
try('return "\\x"')
try('return "\\xg"')
try('return "\\x4"')
try('return "\\300"')
try('return "\\256"')
try('x = 1\nreturn "\\q"', "=two lines")
try('x = "\\z\n\n  \\q"', "=after z")
try('x = "a\\\r\n\\q"', "=crlf")
-- valid
try('return "\\z   \n   A\\x41\\065\\65\\0651"')
try('return "a\\\nb"')
try('return "\\2555\\0999\\9"')
try('return "\\a\\b\\f\\n\\r\\t\\v\\\\\\"\\\'"')
try('return [[\\q]] .. [==[\\u{48}]]]==]')
try('-- "\\q"\n--[==[ "\\q"\n]==] return "--[[" .. "\\x41"')
-- comments and long strings containing quotes do not hide a later bad escape
try('--[[ " ]] return "\\q"', "=after comment")
