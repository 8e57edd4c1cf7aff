-- TCP echo messages per second on loopback: one client sends a line, waits for the echo, repeats
-- (ping-pong), then 16 clients at once. Usage: ./run.sh bench/net_tcp.lua [messages=50000]
local N = tonumber(arg and arg[1]) or 50000
local function now() return _PY.milli_time() end
local server = net.TCPServer()
local port = server:start("127.0.0.1", 0, function(c)
  local function serve()
    c:readUntil("\n", {success = function(line) c:send(line); serve() end, error = function() c:close() end})
  end
  serve()
end)

local function run(clients, total, done)
  local per = math.floor(total / clients)
  local finished, t0 = 0, now()
  for _ = 1, clients do
    local s = net.TCPSocket({timeout = 10000})
    s:connect("127.0.0.1", port, {success = function()
      local n = 0
      local function one()
        s:send("0123456789abcdef0123456789abcdef\n")
        s:readUntil("\n", {success = function()
          n = n + 1
          if n < per then one() else
            s:close()
            finished = finished + 1
            if finished == clients then done(per * clients / ((now() - t0) / 1000)) end
          end
        end})
      end
      one()
    end})
  end
end

run(1, math.min(5000, N), function()
  run(1, N, function(r1)
    print(string.format("RESULT tcp echo clients=1  messages=%d  %s msg/s", N, math.floor(r1)))
    run(16, N, function(r16)
      print(string.format("RESULT tcp echo clients=16 messages=%d  %s msg/s", N, math.floor(r16)))
      server:stop()
    end)
  end)
end)
