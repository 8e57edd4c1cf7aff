-- list_directory's {entries, count} in the directory the script runs in.
local lfs = require("lfs")
assert(lfs.mkdir("listing"))
_PY.write_file("listing/readme.txt", "hello world")
_PY.write_file("listing/empty.dat", "")
assert(lfs.mkdir("listing/data"))

local r = _PY.list_directory("listing")
print("count", r.count)
for _, e in ipairs(r.entries) do
  print(e.name, e.is_file, e.is_directory, e.size)
end
local missing = _PY.list_directory("no_such_dir")
print("missing", missing.count, #missing.entries, missing.error)
