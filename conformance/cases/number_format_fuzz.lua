-- 3000 pseudo-random numbers (an exact Park-Miller generator, the same in every interpreter) through
-- tostring, .., %f/%e/%g with assorted precisions: checks the rounding of every path.
local seed = 12345
local function rnd(a, b)
  seed = (seed * 16807) % 2147483647
  if not a then return seed / 2147483647 end
  return a + seed % (b - a + 1)
end
local out = {}
local fmts = {"%.2f", "%.0f", "%.3f", "%f", "%.1f", "%.5f", "%.10f", "%.14g", "%g", "%.1e", "%10.4f", "%-12.3e|", "%+.0f"}
for i = 1, 3000 do
  local k = rnd(1, 6)
  local v
  if k == 1 then v = rnd() * 10 ^ rnd(-8, 20)
  elseif k == 2 then v = math.floor(rnd() * 100000) / 1000
  elseif k == 3 then v = rnd(1, 1000) / 8
  elseif k == 4 then v = -rnd() * 10 ^ rnd(-3, 16)
  elseif k == 5 then v = (rnd(1, 100000) + 0.5) / 10 ^ rnd(0, 4)
  else v = rnd(1, 1e6) / 7 end
  out[#out + 1] = tostring(v) .. " " .. (v .. "") .. " " .. string.format(fmts[(i % #fmts) + 1], v) .. " " .. string.format("%.3g %e", v, v)
end
print(table.concat(out, "\n"))
