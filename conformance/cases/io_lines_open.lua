-- file:lines / io.lines with formats, io.open modes, seek, setvbuf, closing, default files, tmpname
local name = os.tmpname()
print(io.type(io.open(name)), #io.open(name):read("*a"))   -- tmpname creates the (empty) file
local f = assert(io.open(name, "w"))
f:write("abcdefghij\n12 34 5.5\nx\n\ny")
f:close()

-- file:lines(...) reads its formats on every call and ends at the first nil
f = assert(io.open(name))
for a, b in f:lines(2, 3) do io.write("[", a, "|", tostring(b), "]") end print()
print(io.type(f), f:read("*a"), f:seek())
f:seek("set")
for l in f:lines("*L") do io.write("<", l, ">") end print()
f:seek("set")
for l in f:lines() do io.write("<", l, ">") end print()
f:seek("set", 11)
for n in f:lines("*n") do io.write("<", n, ">") end print()
print(f:read("*l"))
local it = f:lines()
f:close()
print(pcall(it))

-- io.lines(name, ...) closes the file at the end; later calls find it closed
for a, b in io.lines(name, 4, "*l") do io.write("[", a, "|", tostring(b), "]") end print()
local n = 0
for a in io.lines(name, "*L") do n = n + #a end print(n)
it = io.lines(name)
for _ = 1, 5 do it() end
print(select("#", it()))   -- end of file: no values, the file is closed
print(pcall(it))
it = io.lines(name, "*a")
print(#it(), it(), it())
print(pcall(function() return io.lines("/nonexistent-dir/missing") end))
print(pcall(function() for l in io.lines(name, "x") do end end))
print(pcall(function() return io.lines({}) end))

-- io.lines() and io.read use the default input
io.input(name)
for l in io.lines() do io.write("{", l, "}") end print()
print(io.read("*l"), io.type(io.input()))
io.input():close()
print(pcall(function() return io.read() end))
print(pcall(function() return io.lines() end))
io.input(io.stdin)
print(pcall(function() return io.input("/nonexistent-dir/missing") end))

-- io.output(name), io.close() and the closed default output
local old = io.output()
print(io.output(name) ~= old, io.output() == io.stdout, io.type(io.stdout))
io.write("written ", 1, " ", 2.5, "\n")
print(io.close())
print(io.type(io.output()))
print(pcall(function() io.write("x") end))
print(pcall(function() io.flush() end))
print(pcall(function() io.close() end))
io.output(io.stdout)
print(io.output() == old)
print(io.lines(name)())
io.output(name) print(io.output():close(), io.type(io.output())) io.output(io.stdout)

-- modes: [rwa]+?b?
for _, m in ipairs{"r", "w", "a", "r+", "w+", "a+", "rb", "wb", "r+b", "a+b", "rbb", "rb+", "+r", "", "x", "rz", "ra"} do
  local ok, r = pcall(io.open, name, m)
  io.write(m, "=", ok and io.type(r) or r:match("%((.*)%)"), " ")
  if ok and r then r:close() end
end
print()
print(pcall(function() return io.open(name, "rz") end))
print(pcall(function() return io.open(nil) end))
print(io.open("/nonexistent-dir/missing"))
print(io.open("/nonexistent-dir/missing", "w"))

f = io.open(name, "w") f:write("hello") f:close()
f = io.open(name, "r+") print(f:read(2), f:write("Q") == f, f:seek(), f:read("*a")) f:close()
f = io.open(name, "a") print(f:seek(), f:read(1)) f:write("!") f:close()
f = io.open(name, "a+") print(f:seek(), f:read(2)) f:write("Z") print(f:seek(), f:read("*a")) f:close()
f = io.open(name, "w+") f:write("hello world")
print(f:seek("set", 6), f:read("*a"), f:seek("cur"), f:seek("end", -5), f:read(2))
f:write("XY") f:seek("set") print(f:read("*a"))
print(f:seek("end", 3), f:write("!") == f, f:seek("end"), #io.open(name):read("*a"))
f:close()
f = io.open(name, "r") print(f:write("nope")) f:close()
f = io.open(name, "w") print(f:read("*a")) print(f:read(1)) f:close()
print(io.open(name):read("*a"), io.lines(name)())

-- seek, setvbuf, flush
f = io.open(name, "w+") f:write("0123456789")
print(f:seek(), f:seek("set"), f:seek("cur", 3), f:read(2), f:seek("end", -1), f:read(1))
print(f:seek("set", -1))
print(pcall(function() return f:seek("bad") end))
print(pcall(function() return f:seek("set", "x") end))
print(pcall(function() return f:seek("set", 1.5) end))
print(f:setvbuf("no"), f:setvbuf("full", 1024), f:setvbuf("line"), f:flush(), io.stdout:flush())
print(pcall(function() return f:setvbuf("bogus") end))
print(pcall(function() return f:setvbuf() end))

-- closing, io.type, tostring, using a closed file
print(tostring(f):match("^file %(0x%x+%)$") ~= nil, io.type(f), io.type(42), io.type(nil))
print(pcall(function() return io.type() end))
print(f:close())
print(tostring(f), io.type(f))
for _, m in ipairs{"read", "lines", "seek", "write", "close", "flush", "setvbuf"} do
  print(m, pcall(f[m], f, "no"))
end
print(pcall(function() return io.close(f) end))
print(pcall(function() return io.close(42) end))
print(pcall(function() return io.output({}) end))
print(pcall(function() return f.read(42) end))
print(io.stdout:close())
print(io.stderr:close())
print(io.type(io.stdout), io.write("still open\n") == io.stdout)
print(getmetatable(io.stdout).__index == getmetatable(f).__index, type(getmetatable(f).__index.read))

local t = io.tmpfile()
print(io.type(t), t:write("abc", 1) == t, t:seek("set"), t:read("*a"), t:close())
print(os.remove(name), io.open(name) == nil)
