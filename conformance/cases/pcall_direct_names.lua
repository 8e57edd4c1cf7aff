-- A library function called directly by pcall (no Lua call instruction to name it) is named by
-- its global name, as luaL_argerror does: 'string.rep', 'math.random', ...
print(pcall(string.rep))
print(pcall(math.random, 2, 1))
print(pcall(table.insert, {}, 5, 1))
print(pcall(os.date, "%Ez"))
print(pcall(string.char, -1))
print(pcall(math.floor, "x"))
print(pcall(string.format, "%d", "x"))
print(pcall(io.open, "x", "rz"))
print(pcall(coroutine.resume, 1))
print(pcall(string.sub))
print(pcall(table.concat, {}, 1))
