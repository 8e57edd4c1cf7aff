-- lfs: LuaFileSystem on java.nio (README.md#lfs).
local dir = os.tmpname()
os.remove(dir)
assert(lfs.mkdir(dir))
print("created", dir, "mode:", lfs.attributes(dir, "mode"))

local f = assert(io.open(dir .. "/hello.txt", "w"))
f:write("hello lfs\n")
f:close()
local a = lfs.attributes(dir .. "/hello.txt")
print("file size:", a.size, "permissions:", a.permissions)

for name in lfs.dir(dir) do
  if name ~= "." and name ~= ".." then print("entry:", name) end
end

print("mkdir again ->", lfs.mkdir(dir))
print("missing ->", lfs.attributes(dir .. "/missing"))
os.remove(dir .. "/hello.txt")
print("rmdir ->", lfs.rmdir(dir))
print("current dir is a string:", type(lfs.currentdir()) == "string")
