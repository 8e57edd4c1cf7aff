-- EPLua scripts test for optional functions before calling them; a call of one JEPLua does
-- not have ends the script with an error that says so.
if _PY.loadPythonModule then
  print("python modules available")
else
  print("no python modules")
end
print("get_platform present", _PY.get_platform ~= nil)
local t0 = os.clock()
local x = 0
for i = 1, 2e6 do x = x + i % 7 end
print("os.clock advances", os.clock() > t0)
_PY.get_quickapp_list()
print("not reached")
