-- Steady-state loops of the CPU benchmarks, run REPS times in one process; prints the best CPU
-- time of runs 3..REPS (os.clock), so JIT warm-up is left out (docs/compiled-tier.md, session 24).
-- Usage: ./run.sh bench/steady.lua objects|nogc|nbody|fib|spectral [REPS=8]; lua5.4 bench/steady.lua ... likewise.
local clock = os.clock
local which = arg[1]
local reps = tonumber(arg[2]) or 8
local Point = {}
Point.__index = Point
function Point.new(x, y) return setmetatable({x = x, y = y}, Point) end
function Point:add(o) return Point.new(self.x + o.x, self.y + o.y) end
local Handle = {__gc = function(h) h.closed = true end}
local function objects(n, gc)
  local acc = Point.new(0, 0)
  for i = 1, n do
    acc = acc:add(Point.new(i, 1))
    if gc and i % 10 == 0 then setmetatable({id = i}, Handle) end
  end
  return acc.y
end
local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
local bodies = {}
for i = 1, 5 do bodies[i] = {x = i * 1.5, y = i * 0.5, z = -i * 0.25, vx = 0.1, vy = 0.2, vz = 0.3, mass = 1.0 + i} end
local function advance(nb, dt)
  for i = 1, nb do
    local bi = bodies[i]
    local bix, biy, biz, bimass = bi.x, bi.y, bi.z, bi.mass
    local bivx, bivy, bivz = bi.vx, bi.vy, bi.vz
    for j = i + 1, nb do
      local bj = bodies[j]
      local dx, dy, dz = bix - bj.x, biy - bj.y, biz - bj.z
      local d2 = dx*dx + dy*dy + dz*dz
      local mag = dt / (d2 * math.sqrt(d2))
      local bm = bj.mass * mag
      bivx, bivy, bivz = bivx - dx*bm, bivy - dy*bm, bivz - dz*bm
      bm = bimass * mag
      bj.vx, bj.vy, bj.vz = bj.vx + dx*bm, bj.vy + dy*bm, bj.vz + dz*bm
    end
    bi.vx, bi.vy, bi.vz = bivx, bivy, bivz
    bi.x, bi.y, bi.z = bix + dt*bivx, biy + dt*bivy, biz + dt*bivz
  end
end
local function A(i, j) local ij = i + j - 1 return 1.0 / (ij * (ij - 1) * 0.5 + i) end
local function Av(x, y, N)
  for i = 1, N do local a = 0 for j = 1, N do a = a + x[j] * A(i, j) end y[i] = a end
end
local function Atv(x, y, N)
  for i = 1, N do local a = 0 for j = 1, N do a = a + x[j] * A(j, i) end y[i] = a end
end
local function spectral(N)
  local u, v, t = {}, {}, {}
  for i = 1, N do u[i] = 1 end
  for _ = 1, 10 do Av(u, t, N) Atv(t, v, N) Av(v, t, N) Atv(t, u, N) end
  return u[1]
end
local work = {
  objects = function() return objects(1000000, true) end,
  nogc = function() return objects(1000000, false) end,
  fib = function() return fib(29) end,
  nbody = function() for _ = 1, 120000 do advance(5, 0.01) end end,
  spectral = function() return spectral(500) end,
}
local f = work[which]
local best = math.huge
for r = 1, reps do
  local t0 = clock()
  f()
  local dt = clock() - t0
  if r > 2 and dt < best then best = dt end
end
print(string.format("%s best %.1f ms", which, best * 1000))
