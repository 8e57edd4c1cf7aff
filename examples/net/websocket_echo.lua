-- A WebSocket echo server and a client. Run: ./run.sh examples/net/websocket_echo.lua
local server = net.WebSocketServer()
local port = server:start("127.0.0.1", 0, {
  connected = function(id) print("server: client " .. id .. " connected") end,
  receive = function(id, data) server:send(id, "echo: " .. data) end,
  disconnected = function(id) print("server: client " .. id .. " left"); server:stop() end})

local ws = net.WebSocketClient()
local left = 3
ws:addEventListener("connected", function()
  for i = 1, left do ws:send("message " .. i) end
end)
ws:addEventListener("dataReceived", function(data)
  print("client: " .. data)
  left = left - 1
  if left == 0 then ws:close() end
end)
ws:addEventListener("error", function(err) print("client error: " .. err); server:stop() end)
ws:connect("ws://127.0.0.1:" .. port .. "/")
