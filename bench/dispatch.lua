-- Callback dispatch: N setTimeout(fn, 0) callbacks, each run inside a coroutine.
-- Usage: jeplua bench/dispatch.lua [N] [rounds]
local N = tonumber(arg and arg[1]) or 1000000
local rounds = tonumber(arg and arg[2]) or 5
local best = math.huge

local function round(r)
  local count = 0
  local t0 = _PY.milli_time()
  local function cb() count = count + 1 end
  for _ = 1, N do setTimeout(cb, 0) end
  -- wait until all have run: poll from a timer that runs after them
  local me = coroutine.running()
  local function check()
    if count == N then coroutine.resume(me) else setTimeout(check, 1) end
  end
  setTimeout(check, 0)
  coroutine.yield()
  local ms = _PY.milli_time() - t0
  best = math.min(best, ms)
  print(string.format("round %d: %d callbacks in %d ms = %.0f callbacks/s", r, N, ms, N / ms * 1000))
end

for r = 1, rounds do round(r) end
print(string.format("RESULT jeplua dispatch best: %.0f callbacks/s", N / best * 1000))
