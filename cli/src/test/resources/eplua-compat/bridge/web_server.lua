-- start_web_server / stop_web_server with EPLua's result tables, then the callback form.
local r = _PY.start_web_server("127.0.0.1", 0)
print("start", r.success, r.message == "Server started on " .. r.server_info.url)
print("info", r.server_info.running, r.server_info.host, r.server_info.port > 0, type(r.server_info.uptime))
local again = _PY.start_web_server("127.0.0.1", 0)
print("again", again.success, again.message)

local port = r.server_info.port
local st = _PY.get_web_server_status()
print("status", st.running, st.port == port, st.url == "http://127.0.0.1:" .. port)

setTimeout(function()
  local s = _PY.stop_web_server()
  print("stop", s.success, s.message)
  print("stop again", _PY.stop_web_server().message)
  local cb = _PY.registerCallback(function(err, res)
    print("callback start", err, res.success)
    _PY.stop_web_server(_PY.registerCallback(function(err2, res2)
      print("callback stop", err2, res2.success, res2.message)
    end))
  end)
  print("callback form returns", _PY.start_web_server("127.0.0.1", 0, cb))
end, 50)
