-- A counter that survives restarts (SPEC 3.8): every run adds one and prints the new value.
--   ./run.sh examples/store.lua      -> 1, then 2, then 3 ...
-- The value lives in .jeplua/store.db under the working directory (--store PATH to choose
-- another file). Writes are committed at the end of the event-loop batch that made them.
local state = store.table("example")
state.runs = (state.runs or 0) + 1
state.last_run = os.date("%Y-%m-%d %H:%M:%S")
print(state.runs)
