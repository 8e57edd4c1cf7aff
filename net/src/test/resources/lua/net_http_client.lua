-- The http:// client against hand-written servers (net.TCPServer speaking raw HTTP/1.1): keep-alive
-- reuse, a server closing a kept-alive connection when the next request arrives (idempotent
-- requests are sent again once on a new connection, others fail), chunked and close-delimited
-- bodies, a large body, a malformed response, HEAD, the redirect limit, a name to look up.

-- A raw server: answer(request, n, conn) returns the bytes to send (nil: close without answer);
-- counts the connections it accepted.
local function rawServer(answer)
  local srv = {accepted = 0}
  local tcp = net.TCPServer()
  srv.port = tcp:start("127.0.0.1", 0, function(c)
    srv.accepted = srv.accepted + 1
    local conn = srv.accepted
    local n = 0
    local function serve()
      c:readUntil("\r\n\r\n", {success = function(req)
        n = n + 1
        local out, close = answer(req, n, conn)
        if out then c:send(out) end
        if out == nil or close then c:close() else serve() end
      end, error = function() c:close() end})
    end
    serve()
  end)
  srv.stop = function() tcp:stop() end
  srv.url = "http://127.0.0.1:" .. srv.port
  return srv
end

local function ok(body, extra)
  return "HTTP/1.1 200 OK\r\nContent-Length: " .. #body .. "\r\n" .. (extra or "") .. "\r\n" .. body
end

setTimeout(function()
  -- keep-alive: five sequential requests, one connection
  local s = rawServer(function(req, n) return ok("r" .. n) end)
  local got = {}
  for i = 1, 5 do
    local r, e = net.http(s.url .. "/k" .. i)
    got[#got + 1] = r and r.data or e
  end
  print("keep-alive:", table.concat(got, ","), "connections", s.accepted)
  s.stop()

  -- the server closes a kept-alive connection when the second request arrives on it
  s = rawServer(function(req, n) if n == 1 then return ok("first") end return nil end)
  local r1 = net.http(s.url .. "/a")
  local r2, e2 = net.http(s.url .. "/b")
  print("stale GET:", r1.data, r2 and r2.data, e2, "connections", s.accepted)
  local r3, e3 = net.http(s.url .. "/c", {method = "POST", data = "x"})
  print("stale POST:", r3, e3, "connections", s.accepted)
  -- a new connection closed without an answer is not retried
  s.stop()
  s = rawServer(function() return nil end)
  local r4, e4 = net.http(s.url .. "/d")
  print("fresh closed:", r4, e4, "connections", s.accepted)
  s.stop()

  -- the server closes right after answering (Connection: close): the next request connects again
  s = rawServer(function(req, n) return ok("bye" .. n, "Connection: close\r\n"), true end)
  local c1, c2 = net.http(s.url .. "/1"), net.http(s.url .. "/2")
  print("connection close:", c1.data, c2.data, "connections", s.accepted)
  s.stop()

  -- chunked body; a body delimited by the connection's close (HTTP/1.0 style)
  s = rawServer(function(req)
    if req:match("^GET /chunked") then
      return "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-Kind: chunked\r\n\r\n"
        .. "5\r\nhello\r\n1\r\n,\r\n6\r\n world\r\n0\r\n\r\n"
    end
    return "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end", true
  end)
  local ch = net.http(s.url .. "/chunked")
  print("chunked:", ch.status, ch.data, ch.headers["x-kind"])
  local ue = net.http(s.url .. "/eof")
  local again = net.http(s.url .. "/chunked")
  print("close-delimited:", ue.status, ue.data, again.data, "connections", s.accepted)
  s.stop()

  -- a 5 MB body, in both response forms
  local big = string.rep("0123456789abcdef", 5 * 65536)
  s = rawServer(function(req)
    if req:match("^GET /chunked") then
      local parts = {"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"}
      for i = 1, #big, 100000 do
        local piece = big:sub(i, i + 99999)
        parts[#parts + 1] = string.format("%x\r\n%s\r\n", #piece, piece)
      end
      parts[#parts + 1] = "0\r\n\r\n"
      return table.concat(parts)
    end
    return ok(big)
  end)
  local b1, b2 = net.http(s.url .. "/length"), net.http(s.url .. "/chunked")
  print("large:", #b1.data, b1.data == big, #b2.data, b2.data == big)
  s.stop()

  -- a malformed response
  s = rawServer(function() return "this is not http\r\n\r\n", true end)
  print("malformed:", net.http(s.url .. "/"))
  s.stop()

  -- HEAD: headers, no body, the connection stays usable
  s = rawServer(function(req)
    if req:match("^HEAD") then return "HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n" end
    return ok("after head")
  end)
  local h = net.http(s.url .. "/", {method = "HEAD"})
  local after = net.http(s.url .. "/")
  print("head:", h.status, #h.data, h.headers["content-length"], after.data, "connections", s.accepted)
  s.stop()

  -- the request as the server sees it
  local seen
  s = rawServer(function(req) seen = req; return ok("") end)
  net.http(s.url .. "/p?q=1&r=%20", {method = "put", data = "abc", headers = {["X-A"] = "1", Host = "ignored"}})
  print("request line:", seen:match("^[^\r]*"))
  print("request headers:", seen:match("\r\nHost: 127%.0%.0%.1:%d+\r\n") ~= nil, seen:match("\r\nContent%-Length: 3\r\n") ~= nil,
    seen:match("\r\nUser%-Agent: Java%-http%-client/") ~= nil, seen:match("\r\nX%-A: 1\r\n") ~= nil, seen:match("ignored") == nil)
  s.stop()

  -- redirects: relative Location, 303 turns POST into GET, and the limit (the JDK client's)
  local server = net.HTTPServer()
  local hops = 0
  local port = server:start("127.0.0.1", 0, function(method, path, body)
    if path:match("^/loop") then hops = hops + 1; return "", 302, {Location = "/loop" .. hops} end
    if path == "/see" then return "", 303, {Location = "/target"} end
    if path == "/keep" then return "", 307, {Location = "target"} end
    if path == "/nowhere" then return "moved", 301 end
    return method .. " " .. path .. " " .. body
  end)
  local base = "http://127.0.0.1:" .. port
  local see = net.http(base .. "/see", {method = "POST", data = "payload"})
  local keep = net.http(base .. "/keep", {method = "POST", data = "payload"})
  print("303:", see.data, see.url == base .. "/target")
  print("307:", keep.data)
  local loop = net.http(base .. "/loop")
  print("redirect limit:", loop.status, hops, loop.url == base .. "/loop4")
  local nowhere = net.http(base .. "/nowhere")
  print("no location:", nowhere.status, nowhere.data)

  -- a host name (looked up off the event loop), and the callback client
  local named = net.http("http://localhost:" .. port .. "/named")
  print("named host:", named and named.data)
  net.HTTPClient({timeout = 2000}):request(base .. "/cb", {options = {method = "DELETE"}, success = function(r)
    print("callback client:", r.status, r.data)
    server:stop()
  end, error = function(e) print("callback client error", e); server:stop() end})
end)
