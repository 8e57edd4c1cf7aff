local function range(n) return coroutine.wrap(function() for i = 1, n do coroutine.yield(i) end end) end
local s = 0 for i in range(10) do s = s + i end print(s)
local function perm(a, n, out)
  n = n or #a
  if n <= 1 then coroutine.yield(table.concat(a)) else
    for i = 1, n do a[n], a[i] = a[i], a[n] perm(a, n - 1) a[n], a[i] = a[i], a[n] end
  end
end
local all = {} for p in coroutine.wrap(function() perm({"a", "b", "c"}) end) do all[#all + 1] = p end
print(#all, table.concat(all, " "))
