-- A TCP echo server and a client. Run: ./run.sh examples/net/tcp_echo.lua
local server = net.TCPServer()
local port = server:start("127.0.0.1", 0, function(client, ip, port)
  print("server: client from " .. ip .. ":" .. port)
  local function serve()
    client:readUntil("\n", {
      success = function(line) client:send("echo: " .. line); serve() end,
      error = function(err) print("server: client gone (" .. err .. ")"); client:close() end})
  end
  serve()
end)

local sock = net.TCPSocket({timeout = 5000})
sock:connect("127.0.0.1", port, {
  success = function()
    sock:send("hello\n")
    sock:readUntil("\n", {success = function(line)
      io.write("client: ", line)
      sock:close()
      setTimeout(function() server:stop() end, 50)
    end})
  end,
  error = function(err) print("connect failed: " .. err); server:stop() end})
