-- CPU benchmark: string building (concatenation of numbers and strings, table.concat,
-- string.format, tostring) -- the paths JEPLua's number formatting changes.
-- the work's wall time: os.clock is process CPU time, which on the JVM counts the compiler threads too
local clock = (_PY and _PY.get_time) or os.clock
local N = tonumber(arg and arg[1]) or 200000
local t0 = clock()
local parts = {}
for i = 1, N do
  parts[#parts + 1] = "item " .. i .. "=" .. (i / 7)
end
local s = table.concat(parts, ",")
local t = {}
for i = 1, N do t[i] = string.format("%d:%5.2f", i, i / 3) end
local u = table.concat(t)
local acc = ""
for i = 1, 2000 do acc = acc .. tostring(i * 0.5) end
print(#s, #u, #acc)
print(string.format("string-build %d in %.3f s cpu", N, clock() - t0))
