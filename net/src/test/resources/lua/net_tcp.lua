-- A TCP echo server serving 100 concurrent clients, each echo checked; a callback that raises
-- is reported and the connection keeps working.
local N = 100
local server = net.TCPServer()
local accepted = 0
local port = server:start("127.0.0.1", 0, function(client, ip, p)
  accepted = accepted + 1
  assert(ip == "127.0.0.1" and type(p) == "number", "client address")
  local function loop()
    client:readUntil("\n", {
      success = function(line)
        client:send(line)
        loop()
      end,
      error = function(err) client:close() end})
  end
  loop()
end)

local ok, done = 0, 0
local function finish()
  done = done + 1
  if done == N then
    print("tcp echo ok", ok, "of", N, "accepted", accepted)
    server:stop()
  end
end

for i = 1, N do
  local s = net.TCPSocket({timeout = 5000})
  s:connect("127.0.0.1", port, {
    success = function()
      local msg = "hello " .. i .. "\n"
      s:write("hel")
      s:send("lo " .. i .. "\n", {success = function(n) assert(n == #msg - 3) end})
      s:readUntil("\n", {success = function(line)
        if line == msg then ok = ok + 1 end
        if i == 1 then
          -- a raising callback is reported; the next read on the same socket still works
          s:send("second\n")
          s:read({success = function(data)
            if data == "second\n" then print("read after raising callback ok") end
            s:close(); finish()
          end})
          error("tcp callback fails on purpose")
        end
        s:close()
        finish()
      end, error = function(e) print("read error", i, e); finish() end})
    end,
    error = function(e) print("connect error", i, e); finish() end})
end
