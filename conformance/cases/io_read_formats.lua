-- file:read / io.read formats: counts, "*l", "*L", "*n", "*a", several formats, end of file, errors
local name = os.tmpname()
local f = assert(io.open(name, "w"))
print(f:write("first\r\n", "second line\n\n", 12, " ", 1/3, " ", -2.5e-3, "\n") == f)
f:write("0x1F 0X1p4 1e3 1E+2 .5 5. -7 +8 \t\n 42abc\n")
f:write("1e 0x 1.5.5 - 9\n")
f:write("tail line\n", "last line without newline")
f:close()

f = assert(io.open(name))
print(#f:read("*l"), f:read("*L"), f:read("*L"), f:read("*l"))
print(f:read("*n", "*n", "*n", "*n", "*n", "*n", "*n", "*n", "*n", "*n"))
print(f:read("*n"), f:read("*l"))          -- "abc" is no number: nil, then the line goes on
print(f:read("*n"), f:read(1))             -- "1e" reads as 1 (the "e" is consumed)
print(f:read("*n"), f:read(1))             -- "0x" is no number; the next character is " "
print(f:read("*n"), f:read("*n"))          -- 1.5, then ".5"
print(f:read("*n"), f:read("*l"))          -- "-" alone fails, the rest of the line remains
local line = f:read("*L")
print(#line, line)
print(f:read(0), f:read(4), f:read(100))
print(f:read(0), f:read(1), f:read("*l"), f:read("*L"), f:read("*n"))
print(f:read("*a"), f:read("*a"), f:read("*a") == "")
f:close()

-- several formats in one call stop at the first nil; only the letter after "*" counts
f = assert(io.open(name))
print(f:read(3, 0, "*line", "*number"))
print(f:read("*all"):sub(1, 4))
print(select("#", f:read("*l", "*l", "*a", "*l", "*l")))
f:seek("set")
print(f:read())
f:close()

-- format errors
f = assert(io.open(name))
print(pcall(function() return f:read("x") end))
print(pcall(function() return f:read("*x") end))
print(pcall(function() return f:read("*") end))
print(pcall(function() return f:read({}) end))
print(pcall(function() return f:read("5") end))
print(pcall(function() return io.read("l") end))
print(f:read("*l"))
f:close()

-- read with numbers as text written by file:write (%.14g)
f = assert(io.open(name, "w"))
f:write(1/3, "\n", 2^53, "\n", 100, "\n", -0.5, "\n", 1e100, "\n", 1/0, "\n")
f:close()
for l in io.lines(name) do io.write("[", l, "]") end print()
f = assert(io.open(name))
print(f:read("*n", "*n", "*n", "*n", "*n", "*n"))
f:close()

-- the standard input is empty here
print(io.read(), io.read("*a"), io.read(0), io.read("*n"))
print(io.type(io.stdin), io.type(io.stdout), io.type(io.stderr))
print(io.stdout:read(1))
print(io.stdin:write("x"))
print(io.write("") == io.stdout, io.output() == io.stdout, io.input() == io.stdin)
os.remove(name)
