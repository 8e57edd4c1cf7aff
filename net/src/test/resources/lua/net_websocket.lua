-- WebSocket client <-> server echo of 10,000 messages in order; the server sees connect and disconnect.
local N = tonumber(ARGS[1]) or 10000
local server = net.WebSocketServer()
local events = {}
local port = server:start("127.0.0.1", 0, {
  started = function() events[#events + 1] = "started" end,
  connected = function(id)
    events[#events + 1] = "connected " .. id
    local found = false
    for _, c in ipairs(server:getClients()) do found = found or c == id end
    assert(found, "getClients lists the new client")
  end,
  receive = function(id, data) server:send(id, data) end,
  disconnected = function(id)
    events[#events + 1] = "disconnected " .. id
    local c, d = 0, 0
    for _, e in ipairs(events) do
      if e:match("^connected") then c = c + 1 elseif e:match("^disconnected") then d = d + 1 end
    end
    if d == 2 then   -- the echo client and the one closed during its handshake
      print("server events:", events[1], "connected", c, "disconnected", d)
      server:stop()
      print("server running:", server:isRunning())
    end
  end,
  error = function(e) print("server error", e) end})

local ws = net.WebSocketClient()
local expected, outOfOrder = 1, 0
ws:addEventListener("connected", function()
  print("client connected", ws:isOpen())
  for i = 1, N do ws:send("msg " .. i) end
end)
ws:addEventListener("dataReceived", function(data, isBinary)
  if isBinary then
    print("binary echo", data == "\255\0\1")
    ws:close()
    return
  end
  if data ~= "msg " .. expected then outOfOrder = outOfOrder + 1 end
  expected = expected + 1
  if expected > N then
    print("echoed", expected - 1, "out of order", outOfOrder)
    ws:send("\255\0\1")
  end
end)
ws:addEventListener("disconnected", function() print("client disconnected", ws:isOpen()) end)
ws:addEventListener("error", function(e) print("client error", e) end)
ws:connect("ws://127.0.0.1:" .. port .. "/echo")

local bad = net.WebSocketClient({timeout = 2000})
bad:addEventListener("error", function(e) print("ws refused:", e) end)
bad:connect("ws://127.0.0.1:" .. tonumber(ARGS[2]) .. "/")

-- close() during the handshake: the connection is closed as soon as it opens, never "connected"
local early = net.WebSocketClient()
early:addEventListener("connected", function() print("early connected (wrong)") end)
early:connect("ws://127.0.0.1:" .. port .. "/")
early:close()
