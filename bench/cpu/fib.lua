-- CPU benchmark: naive recursive Fibonacci (function calls, integer-valued arithmetic).
-- the work's wall time: os.clock is process CPU time, which on the JVM counts the compiler threads too
local clock = (_PY and _PY.get_time) or os.clock
local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
local n = tonumber(arg and arg[1]) or 32
local t0 = clock()
local r = fib(n)
print(string.format("fib(%d) = %d in %.3f s cpu", n, r, clock() - t0))
