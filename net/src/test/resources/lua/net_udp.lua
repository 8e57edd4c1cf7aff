-- 1,000 datagrams to a bound UDPSocket: all received, with the sender's host and port.
local N = 1000
local receiver = net.UDPSocket({bind = {"127.0.0.1", 0}})
local rport = receiver:getPort()
local sender = net.UDPSocket({bind = {host = "127.0.0.1", port = 0}})
local sport = sender:getPort()

local got, wrongFrom, seen = 0, 0, {}
local function receive()
  receiver:receive({success = function(data, host, port)
    got = got + 1
    if host ~= "127.0.0.1" or port ~= sport then wrongFrom = wrongFrom + 1 end
    seen[tonumber(data:match("^ping (%d+)$"))] = true
    if got == N then
      local missing = 0
      for i = 1, N do if not seen[i] then missing = missing + 1 end end
      print("udp received", got, "missing", missing, "wrong sender", wrongFrom)
      -- reply path: the receiver answers the sender
      receiver:sendTo("pong", host, port)
      sender:receive({success = function(d, h, p)
        print("reply", d, h, p == rport)
        receiver:close(); sender:close()
      end})
    else
      receive()
    end
  end, error = function(e) print("receive error", e) end})
end
receive()

local sent = 0
for i = 1, N do
  sender:sendTo("ping " .. i, "127.0.0.1", rport, {success = function() sent = sent + 1 end})
end
local timed = net.UDPSocket({timeout = 100})
timed:receive({error = function(e) print("receive with timeout:", e); timed:close() end})
