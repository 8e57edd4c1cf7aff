-- Platform facts and demo helpers, as an EPLua script asks for them.
local p = _PY.get_platform()
print("system", p.system)
print("platform fields", type(p.release), type(p.version), type(p.machine), type(p.processor))

local info = _PY.get_system_info()
print("nested", info.platform.system == p.system, type(info.environment.cwd), type(info.runtime.pid))
print("separators", info.environment.path_separator, info.environment.line_separator == "\n")
print("time close", math.abs(info.runtime.current_time - _PY.get_time()) < 5)

print("math_add", _PY.math_add(20, 22), _PY.math_add("foo", "bar"))
local inRange = true
for _ = 1, 100 do
  local r = _PY.random_number(10, 20)
  if r < 10 or r >= 20 then inRange = false end
end
print("random in range", inRange)

local c = _PY.config
print("config", c.platform, c.luaLibPath, c.offline, c.debugger, c.debugger_port, type(c.enginePath))
_PY.print("python-style print:", 1, 2.5, nil, true)
print("lua print:", 1, 2.5, nil, true)
