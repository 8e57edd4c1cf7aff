-- EPLua style: _PY.call_http with a callback id from _PY.registerCallback, and net.HTTPClient,
-- against the server given as the first argument.
local base = arg[1]

local id = _PY.registerCallback(function(err, response)
  if err then print("call_http error", err) return end
  print("call_http", response.status, response.status_text, response.ok, response.json.greeting,
    response.headers["Content-Type"])
end)
_PY.call_http(base .. "/hello", {method = "GET", headers = {Accept = "application/json"}}, id)

local post = _PY.registerCallback(function(err, response)
  print("call_http post", err, response.status, response.ok, response.text)
end)
_PY.call_http(base .. "/echo", {method = "post", data = "some body"}, post)

local http = net.HTTPClient()
http:request(base .. "/missing", {
  options = {method = "GET"},
  success = function(res) print("HTTPClient", res.status, res.data) end,
  error = function(err) print("HTTPClient error", err) end,
})
