-- CPU benchmark: binary-trees (Benchmarks Game), allocation of many small tables.
-- the work's wall time: os.clock is process CPU time, which on the JVM counts the compiler threads too
local clock = (_PY and _PY.get_time) or os.clock
local function bottomUp(depth)
  if depth == 0 then return {} end
  depth = depth - 1
  return { bottomUp(depth), bottomUp(depth) }
end
local function check(tree)
  if tree[1] then return 1 + check(tree[1]) + check(tree[2]) end
  return 1
end
local N = tonumber(arg and arg[1]) or 14
local t0 = clock()
local mindepth, maxdepth = 4, math.max(6, N)
local stretch = maxdepth + 1
print("stretch tree of depth " .. stretch .. "\t check: " .. check(bottomUp(stretch)))
local long = bottomUp(maxdepth)
for depth = mindepth, maxdepth, 2 do
  local iters = 2 ^ (maxdepth - depth + mindepth)
  local c = 0
  for _ = 1, iters do c = c + check(bottomUp(depth)) end
  print(string.format("%d\t trees of depth %d\t check: %d", iters, depth, c))
end
print("long lived tree of depth " .. maxdepth .. "\t check: " .. check(long))
print(string.format("binary-trees %d in %.3f s cpu", N, clock() - t0))
