-- What a TCP socket answers in each stage of its life (new, connecting, connected, closed by the
-- peer, closed by the script) and what the three servers answer before, during and after a run.
-- Steps run one after the other; the run must end by itself once everything is closed.
local closedPort = tonumber(ARGS[1])
local steps = {}
local function step(f) steps[#steps + 1] = f end
local function nextStep()
  local f = table.remove(steps, 1)
  if f then setTimeout(f, 0) end
end
local function try(label, f, ...)
  local ok, err = pcall(f, ...)
  print(label, ok, err)
end

local mode = "greet"
local server = net.TCPServer()
local port = server:start("127.0.0.1", 0, function(client)
  if mode == "greet" then
    client:send("hello\nworld", {success = function() client:close() end})
  end -- "silent": accepts and says nothing
end)

-- reads until an error; prints what arrived and the error
local function drain(s, label, after)
  local got = {}
  local function loop()
    s:read({
      success = function(d) got[#got + 1] = d; loop() end,
      error = function(e) print(label, table.concat(got), e); after() end})
  end
  loop()
end

step(function()
  local s = net.TCPSocket()
  print("new: isConnected", s:isConnected())
  s:send("x", {success = function() print("new: UNEXPECTED send success") end,
    error = function(e) print("new: send", e) end})
  s:read({error = function(e) print("new: read", e); nextStep() end})
end)

step(function()
  local s = net.TCPSocket()
  s:connect("127.0.0.1", closedPort, {
    success = function() print("refused: UNEXPECTED success") end,
    error = function(e)
      print("refused: connect", e, s:isConnected())
      -- a failed connect leaves the socket as new: it may connect again
      mode = "greet"
      s:connect("127.0.0.1", port, {success = function()
        print("refused: reconnected", s:isConnected())
        s:close()
        nextStep()
      end})
    end})
  print("refused: connecting isConnected", s:isConnected())
  try("refused: connect while connecting", s.connect, s, "127.0.0.1", closedPort)
  s:read({error = function(e) print("refused: pending read", e) end})
end)

step(function()
  mode = "greet"
  local s = net.TCPSocket()
  s:connect("127.0.0.1", port, {success = function()
    print("peer: connected", s:isConnected())
    try("peer: connect when connected", s.connect, s, "127.0.0.1", port)
    s:readUntil("\n", {success = function(line)
      print("peer: line", line)
      drain(s, "peer: rest", function()
        print("peer: after end isConnected", s:isConnected())
        try("peer: connect after end", s.connect, s, "127.0.0.1", port)
        s:readUntil("x", {error = function(e)
          print("peer: read again", e)
          s:close()
          s:read({error = function(e2)
            print("peer: read after close", e2)
            s:send("x", {error = function(e3) print("peer: send after close", e3); nextStep() end})
          end})
        end})
      end)
    end})
  end})
end)

step(function()
  mode = "silent"
  local s = net.TCPSocket()
  s:connect("127.0.0.1", port, {
    success = function() print("closed while connecting: UNEXPECTED success") end,
    error = function(e) print("closed while connecting: UNEXPECTED error", e) end})
  s:read({success = function(d) print("closed while connecting: UNEXPECTED read", d) end,
    error = function(e) print("closed while connecting: UNEXPECTED read error", e) end})
  s:close()
  try("closed while connecting: connect", s.connect, s, "127.0.0.1", port)
  s:read({error = function(e) print("closed while connecting: read", e) end})
  setTimeout(function()
    print("closed while connecting: later isConnected", s:isConnected())
    try("closed while connecting: later connect", s.connect, s, "127.0.0.1", port)
    s:read({error = function(e) print("closed while connecting: later read", e); nextStep() end})
  end, 300)
end)

step(function()
  mode = "silent"
  local s = net.TCPSocket()
  s:close()
  s:read({error = function(e) print("closed new: read", e) end})
  s:connect("127.0.0.1", port, {
    success = function() print("closed new: UNEXPECTED success") end,
    error = function(e) print("closed new: UNEXPECTED error", e) end})
  print("closed new: connect allowed")
  setTimeout(function()
    print("closed new: later isConnected", s:isConnected())
    s:read({error = function(e) print("closed new: later read", e); nextStep() end})
  end, 300)
end)

step(function()
  mode = "silent"
  local s = net.TCPSocket({timeout = 200})
  s:connect("127.0.0.1", port, {success = function()
    local t0 = clock_ms()
    s:read({error = function(e)
      print("silent: read", e, clock_ms() - t0 >= 150)
      s:send("ping", {success = function(n)
        print("silent: send", n)
        s:close()
        nextStep()
      end})
    end})
  end})
end)

step(function()
  server:stop()
  for _, kind in ipairs({"HTTPServer", "WebSocketServer", "TCPServer"}) do
    local arg3 = kind == "WebSocketServer" and {} or function() end
    local a = net[kind]()
    print(kind, "before start", a:isRunning(), a:getPort())
    local p = a:start("127.0.0.1", 0, arg3)
    print(kind, "started", a:isRunning(), a:getPort() == p, p > 0)
    local ok, err = pcall(a.start, a, "127.0.0.1", 0, arg3)
    print(kind, "start twice", ok, (err:gsub(p, "PORT")))
    local b = net[kind]()
    ok, err = pcall(b.start, b, "127.0.0.1", p, arg3)
    print(kind, "busy port", ok, (err:gsub(p, "PORT")), b:isRunning(), b:getPort())
    print(kind, "bad port", pcall(b.start, b, "127.0.0.1", "x", arg3))
    print(kind, "port out of range", pcall(b.start, b, "127.0.0.1", 70000, arg3))
    b:stop()
    a:stop()
    print(kind, "stopped", a:isRunning(), a:getPort() == p)
    a:stop()
    a:unref()
    local p2 = a:start(nil, 0, arg3)
    print(kind, "restarted", a:isRunning(), a:getPort() == p2)
    a:unref()
    a:stop()
  end
  print("done")
end)

nextStep()
