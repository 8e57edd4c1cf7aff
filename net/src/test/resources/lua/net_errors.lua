-- Errors are values: connection refused (fast), timeout at the requested ms, DNS failure,
-- bad arguments raise Lua errors worded like Lua.
local closedPort = tonumber(ARGS[1])
local results = {}

-- a server that accepts and never answers
local silent = net.TCPServer()
local silentPort = silent:start("127.0.0.1", 0, function(sock) end)

local c = net.HTTPClient()
local t0 = clock_ms()
c:request("http://127.0.0.1:" .. closedPort .. "/", {
  success = function(r) print("unexpected success", r.status) end,
  error = function(err) print(string.format("refused: %s after %.0f ms", err, clock_ms() - t0)) end})

local t1 = clock_ms()
c:request("http://127.0.0.1:" .. silentPort .. "/", {options = {timeout = 500},
  success = function(r) print("unexpected success", r.status) end,
  error = function(err)
    print(string.format("silent: %s after %.0f ms", err, clock_ms() - t1))
    silent:stop()
  end})

setTimeout(function()
  local resp, err = net.http("http://nonexistent.invalid/", {timeout = 3000})
  print("dns:", resp, err)
  local plain = net.HTTPServer()
  local plainPort = plain:start("127.0.0.1", 0, function() return "plain" end)
  local r2, err2 = net.http("https://127.0.0.1:" .. plainPort .. "/", {timeout = 3000})
  print("tls:", r2, (err2 or ""):match("^tls failure: ") ~= nil, err2)
  plain:stop()
  local unconnected = net.TCPSocket()
  unconnected:read({error = function(e) print("read unconnected:", e) end})
  local sock = net.TCPSocket({timeout = 2000})
  sock:connect("127.0.0.1", closedPort, {error = function(e) print("tcp connect:", e) end})
end)

local ok, msg = pcall(net.http, {})
print("bad url arg:", msg)
ok, msg = pcall(c.request, c, "ftp://x/", {})
print("bad scheme:", msg)
local s = net.TCPSocket()
ok, msg = pcall(s.connect, s, "127.0.0.1", "x")
print("bad port:", msg)
