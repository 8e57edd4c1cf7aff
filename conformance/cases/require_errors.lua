-- require: the reference's messages for a module that does not compile, raises, or is missing
local base = os.tmpname()
os.remove(base)
local function write(name, text)
  local f = assert(io.open(base .. "_" .. name .. ".lua", "w"))
  f:write(text)
  f:close()
end
write("bad", "x = = 1\n")
write("boom", "error('boom in module')\n")
write("good", "local name, file = ...\nreturn {name = name, file = file ~= nil}\n")
write("none", "x_loaded_none = true\n")
package.path = base .. "_?.lua"
package.cpath = ""
local function show(...) print((select(2, ...):gsub(base, "BASE"))) end
show(pcall(require, "bad"))
show(pcall(require, "boom"))
show(pcall(require, "missing"))
local good = require("good")
print(good.name, good.file, require("good") == good, package.loaded.good == good)
print(require("none"), x_loaded_none, package.loaded.none)
package.preload.pre = function(name) return "preloaded " .. name end
print(require("pre"))
print((package.searchpath("a.b", "x/?.lua;y/?.lua")), select(2, package.searchpath("a.b", "x/?.lua;y/?.lua")))
print(pcall(function() local m = require() end))
for _, n in ipairs({"bad", "boom", "good", "none"}) do os.remove(base .. "_" .. n .. ".lua") end
