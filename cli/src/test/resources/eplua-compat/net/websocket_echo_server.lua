-- EPLua style: the demo echo server with its debug lines, and a WebSocket client talking to it.
local port = tonumber(arg[1]) or 8765
local server = net.WebSocketEchoServer("127.0.0.1", port, true)

local ws = net.WebSocketClient()
local replies = 0
ws:addEventListener("connected", function()
  print("client connected")
  ws:send("ping 1")
  ws:send("ping 2")
end)
ws:addEventListener("dataReceived", function(data)
  print("client got", data)
  replies = replies + 1
  if replies == 2 then ws:close() end
end)
ws:addEventListener("disconnected", function()
  print("client disconnected")
  setTimeout(function() server:stop() print("server stopped") end, 50)
end)
ws:addEventListener("error", function(err) print("client error", err) end)
ws:connect("ws://127.0.0.1:" .. port .. "/")
