-- Store write throughput (run by bench/store.sh, which prints the command and the file size):
--   jeplua --store FILE bench/store.lua [N]
-- 1) N writes of small values in ONE event-loop batch (one transaction), timed until committed;
-- 2) N single-write batches (N transactions), each write made by its own setTimeout(fn, 0).
local N = tonumber(arg and arg[1]) or 100000
local function clock() return _PY.milli_time() end   -- wall-clock ms (os.clock is CPU time)
local function ms(x) return math.floor(x + 0.5) end

local one = store.table("one_batch")
local c0 = store.stats().commits
local t0 = clock()
for i = 1, N do one[i] = "v" .. i end
local t1 = clock()
setTimeout(function()
  -- the end-of-batch commit of the loop above has run before this timer's batch
  local t2 = clock()
  local st = store.stats()
  print(string.format("RESULT one_batch: %d writes in 1 batch: %d ms total (Lua writes %d ms, commit %d ms), %d commit(s)",
    N, ms(t2 - t0), ms(t1 - t0), ms(t2 - t1), st.commits - c0))

  local single = store.table("single")
  local i = 0
  local c1 = st.commits
  local s0 = clock()
  local function step()
    i = i + 1
    single[i] = "v" .. i
    if i < N then
      setTimeout(step, 0)
    else
      setTimeout(function()
        local s1 = clock()
        local st2 = store.stats()
        print(string.format("RESULT single: %d single-write batches: %d ms (%d us per batch), %d commits",
          N, ms(s1 - s0), ms((s1 - s0) * 1000 / N), st2.commits - c1))
        print(string.format("RESULT size_open: %d bytes on disk while open (db + WAL)", st2.bytes))
      end, 0)
    end
  end
  setTimeout(step, 0)
end, 0)
