-- Browser windows as EPLua scripts use them: open a page, ask about it, reuse it, forget it.
local opened = _PY.create_browser_window("dashboard", "http://127.0.0.1:8080/dashboard", 640, 480, 20, 30)
print("create", opened)
if not opened then
  print("list", next(_PY.list_browser_windows()))
  return
end
local info = _PY.get_browser_window_info("dashboard")
print("info", info.id, info.url, info.width, info.height, info.x, info.y, info.is_open)
print("again", _PY.create_browser_window("dashboard", "http://127.0.0.1:8080/dashboard"))
print("alias", _PY.create_browser_window("mirror", "http://127.0.0.1:8080/dashboard"))
print("move", _PY.set_browser_window_url("dashboard", "http://127.0.0.1:8080/settings"))
print("unknown", _PY.set_browser_window_url("nothing", "http://127.0.0.1:8080/"))
local ids = {}
for id in pairs(_PY.list_browser_windows()) do ids[#ids + 1] = id end
table.sort(ids)
print("list", table.concat(ids, ","))
print("close", _PY.close_browser_window("mirror"), _PY.close_browser_window("mirror"))
print("close all", _PY.close_all_browser_windows(), next(_PY.list_browser_windows()))
