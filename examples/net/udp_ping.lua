-- UDP ping/pong between two sockets. Run: ./run.sh examples/net/udp_ping.lua
local pong = net.UDPSocket({bind = {"127.0.0.1", 0}})
local ping = net.UDPSocket()

pong:receive({success = function(data, host, port)
  print("pong got '" .. data .. "' from " .. host .. ":" .. port)
  pong:sendTo("pong", host, port)
end})

ping:receive({success = function(data, host, port)
  print(string.format("ping got '%s' from port %d", data, port))
  ping:close(); pong:close()
end, error = function(err) print("no answer: " .. err) end})
ping:sendTo("ping", "127.0.0.1", pong:getPort())
