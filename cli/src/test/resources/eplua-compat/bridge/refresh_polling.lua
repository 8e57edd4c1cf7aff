-- Refresh-states polling against the engine's own web server: its /status answer arrives
-- decoded in onRefreshStatesUpdate.
local server = _PY.start_web_server("127.0.0.1", 0)
assert(server.success, server.message)
local url = server.server_info.url .. "/status"

local updates = 0
function onRefreshStatesUpdate(data)
  updates = updates + 1
  if updates == 2 then
    print("update", type(data), data.status)
    print("stop polling", _PY.stop_refresh_states_polling(), _PY.stop_refresh_states_polling())
    _PY.stop_web_server()
  end
end

print("start polling", _PY.start_refresh_states_polling(url, 0.1))
