-- debug.sethook: inside a hook, level 1 is the hook and level 2 the function that caused the
-- event; a return hook still sees the returning function's locals (Lua 5.4 manual §6.10)
local function f(a, b)
  local c = a + b
  return c * 2
end

local function named(level, first, last)
  local out = {}
  for i = first, last do
    local n, v = debug.getlocal(level, i)
    if not n or n:sub(1, 1) == "(" then break end
    out[#out + 1] = n .. "=" .. tostring(v)
  end
  return table.concat(out, " ")
end

local events = {}
local function hook(ev, line)
  local self = debug.getinfo(1, "f")
  local at = debug.getinfo(2, "nl")
  if at and at.name == "f" then
    events[#events + 1] = string.format("%s %s self=%s line=%s locals: %s", ev, tostring(line),
      tostring(self.func == hook), tostring(at.currentline), named(3, 1, 3))
  end
end

debug.sethook(hook, "crl")
local r = f(1, 2)
debug.sethook()
print(r)
for _, e in ipairs(events) do print(e) end

-- a pcall inside a hook, and an error raised by a return hook
local seen = {}
local function hook2(ev)
  local at = debug.getinfo(2, "n")
  if at and at.name == "f" then
    -- level 1: this function, 2: pcall, 3: the hook, 4: f
    local ok = pcall(function()
      seen[#seen + 1] = ev .. ":" .. tostring(debug.getinfo(3, "f").func == hook2) .. ":" .. named(5, 1, 2)
    end)
    seen[#seen + 1] = tostring(ok)
    if ev == "return" then error("from the return hook") end
  end
end
debug.sethook(hook2, "cr")
local ok, err = pcall(function() local v = f(3, 4); return v end)
debug.sethook()
print(ok, (tostring(err):gsub("^.-:%d+: ", "")))
print(table.concat(seen, " "))
print(debug.getinfo(1, "l").currentline)
