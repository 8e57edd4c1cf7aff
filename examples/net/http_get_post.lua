-- HTTP GET and POST against a local net.HTTPServer, with callbacks and with the coroutine
-- form net.http. Run: ./run.sh examples/net/http_get_post.lua
local server = net.HTTPServer()
local port = server:start("127.0.0.1", 0, function(method, path, body, headers)
  if method == "POST" and path == "/items" then
    local item = json.decode(body)
    return {created = item.name}, 201, {["X-Item-Count"] = "1"}
  end
  return "hello from " .. path .. "\n"
end)
print("server listening on port " .. port)

local client = net.HTTPClient({timeout = 5000})
client:request("http://127.0.0.1:" .. port .. "/greeting", {
  success = function(resp)
    io.write("GET status ", resp.status, ": ", resp.data)
    -- the coroutine form: no callbacks, the call yields until the answer is there
    local r, err = net.http("http://127.0.0.1:" .. port .. "/items", {
      method = "POST", data = {name = "lamp"}, timeout = 5000})
    if not r then print("POST failed: " .. err) return end
    print("POST status " .. r.status .. ": " .. r.data .. " (X-Item-Count " .. r.headers["x-item-count"] .. ")")
    server:stop()   -- nothing else keeps the process alive: it exits
  end,
  error = function(err) print("GET failed: " .. err); server:stop() end})
