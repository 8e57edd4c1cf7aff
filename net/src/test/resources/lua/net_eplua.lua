-- EPLua's extra net names and _PY.call_http on loopback: the echo server answered by a
-- WebSocket client, call_http against an HTTP server with a function callback and with a
-- callback id (delivered through _PY.timerExpired), and the MQTT return-code table.
print("return codes", net.MQTTConnectReturnCode.CONNECTION_ACCEPTED, net.MQTTConnectReturnCode.NOT_AUTHORIZED,
  mqtt.MQTTConnectReturnCode == net.MQTTConnectReturnCode, type(net.MQTTClient))

-- callback ids as EPLua's registerCallback hands them out, unless the bridge has its own
local registered = {}
local registry = _PY.registerCallback == nil
if registry then
  local nextId = 1000
  _PY.registerCallback = function(fn) nextId = nextId + 1; registered[nextId] = fn; return nextId end
  _PY.timerExpired = function(id, ...) local fn = registered[id]; registered[id] = nil; fn(...) end
end

local pending = 0
local function done() pending = pending - 1; if pending == 0 then _G.SERVERS_STOP() end end

local echo = net.WebSocketEchoServer("127.0.0.1", 0, true)
local wsPort = echo:getPort()
local ws = net.WebSocketClient()
pending = pending + 1
ws:addEventListener("connected", function() ws:send("hello") end)
ws:addEventListener("dataReceived", function(data) print("echoed", data) ws:close() end)
ws:addEventListener("disconnected", function() done() end)
ws:connect("ws://127.0.0.1:" .. wsPort .. "/")

local http = net.HTTPServer()
local httpPort = http:start("127.0.0.1", 0, function(method, path, body, headers)
  if path == "/json" then return {method = method, body = body, header = headers["x-test"]} end
  if path == "/missing" then return "nothing here", 404, {["Content-Type"] = "text/plain"} end
  if path == "/slow" then sleep(100) return "slow" end
  return "plain " .. method, 200, {["Content-Type"] = "text/plain"}
end)
local base = "http://127.0.0.1:" .. httpPort

pending = pending + 1
_PY.call_http(base .. "/json", {method = "post", headers = {["X-Test"] = "yes"}, data = "payload", timeout = 1},
  function(err, res)
    print("json", err, res.status, res.status_text, res.ok, res.json.method, res.json.body, res.json.header,
      res.headers["Content-Type"], res.url == base .. "/json")
    done()
  end)

pending = pending + 1
_PY.call_http(base .. "/missing", {}, _PY.registerCallback(function(err, res)
  print("missing", err, res.status, res.status_text, res.ok, res.text, res.json)
  done()
end))

pending = pending + 1
_PY.call_http("http://127.0.0.1:" .. ARGS[1] .. "/", {}, function(err, res)
  print("refused", err, res)
  done()
end)

pending = pending + 1
_PY.call_http("ftp://x/", nil, function(err, res)
  print("bad url", err, res)
  done()
end)

print("bad callback", pcall(_PY.call_http, base, {}, "nope"))

_G.SERVERS_STOP = function()
  echo:stop()
  http:stop()
  print("all done")
end
