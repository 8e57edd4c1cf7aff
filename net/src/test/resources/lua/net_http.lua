-- HTTP server + client on loopback: 1,000 keep-alive requests with the callback client,
-- the coroutine form inside setTimeout, a handler that yields, JSON bodies, handler errors,
-- and a client callback that raises (reported; the client keeps working).
local port
local server = net.HTTPServer()
port = server:start("127.0.0.1", 0, function(method, path, body, headers)
  if path == "/hello" then
    return "hello", 200, {["X-Test"] = "yes"}
  elseif path == "/echo" then
    return {method = method, body = body, ctype = headers["Content-Type"], query = path}, 201
  elseif path:match("^/query") then
    return path
  elseif path == "/redirect" then
    return "", 302, {Location = "/hello"}
  elseif path == "/slow" then
    sleep(100)
    return "slow"
  elseif path == "/boom" then
    error("boom!")
  elseif path == "/proxy" then
    local resp, err = net.http("http://127.0.0.1:" .. port .. "/hello")
    assert(resp, err)
    return "proxied:" .. resp.data, resp.status
  end
  return "not found", 404
end)
assert(type(port) == "number" and port > 0, "start returns the bound port")
assert(server:getPort() == port and server:isRunning())

local client = net.HTTPClient({timeout = 5000})
local url = "http://127.0.0.1:" .. port
local n, bad = 0, 0

local finale
local function phase2()
  setTimeout(function()
    -- coroutine form: yields until the response, no callbacks
    local resp, err = net.http(url .. "/echo", {method = "POST", data = "abc", headers = {["Content-Type"] = "text/x-test"}})
    assert(resp, err)
    assert(resp.status == 201, "status " .. tostring(resp.status))
    local body = json.decode(resp.data)
    assert(body.method == "POST" and body.body == "abc" and body.ctype == "text/x-test", resp.data)
    assert(resp.headers["Content-Type"]:match("application/json"), "json content type")
    print("net.http POST ok")

    resp = net.http(url .. "/query?a=1&b=2")
    assert(resp.data == "/query?a=1&b=2", resp.data)
    resp = net.http(url .. "/proxy")
    assert(resp.status == 200 and resp.data == "proxied:hello", resp.data)
    print("yielding handler ok")

    resp = net.http(url .. "/boom")
    assert(resp.status == 500, "status " .. resp.status)
    assert(json.decode(resp.data).error:match("boom!"), resp.data)
    print("handler error gives 500")

    resp = net.http(url .. "/redirect")
    assert(resp.status == 200 and resp.data == "hello" and resp.url:match("/hello$"), resp.url)
    print("redirect followed")

    resp = net.http(url .. "/missing")
    assert(resp.status == 404 and resp.data == "not found")

    resp = net.http(url .. "/echo", {method = "PUT", data = {x = 1}})
    assert(json.decode(resp.data).ctype == "application/json", resp.data)
    assert(json.decode(json.decode(resp.data).body).x == 1)
    print("table data sent as json")

    -- two pipelined requests on one keep-alive connection: answered in order although the
    -- first handler yields for 100 ms
    local raw = net.TCPSocket({timeout = 3000})
    raw:connect("127.0.0.1", port, {success = function()
      raw:send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\nGET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
      local got = ""
      local function more()
        raw:read({success = function(d)
          got = got .. d
          if select(2, got:gsub("HTTP/1.1 200", "")) < 2 or not got:match("hello$") then return more() end
          local first, second = got:find("slow", 1, true), got:find("hello", 1, true)
          print("pipelined in order", first ~= nil and second ~= nil and first < second)
          raw:close()
          finale()
        end, error = function(e) print("raw read error", e) end})
      end
      more()
    end})

  end, 0)
end

finale = function()
    -- a success callback that raises is reported, and the client keeps working
    local function after()
      client:request(url .. "/hello", {success = function(r)
        print("after raising callback", r.status)
        server:stop()
        print("server stopped", server:isRunning())
      end})
    end
    client:request(url .. "/hello", {success = function()
      setTimeout(after, 0)
      error("callback fails on purpose")
    end})
end

local function one()
  client:request(url .. "/hello", {
    options = {method = "GET", headers = {Accept = "text/plain"}},
    success = function(resp)
      if resp.status ~= 200 or resp.data ~= "hello" or resp.headers["x-test"] ~= "yes" then bad = bad + 1 end
      n = n + 1
      if n < 1000 then one() else print("sequential requests", n, "bad", bad); phase2() end
    end,
    error = function(err) print("request error", err); bad = bad + 1 end})
end
one()
