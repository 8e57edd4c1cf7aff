-- TLS: HTTPS against `openssl s_server -www` (ARGS[1]) with a self-signed certificate, and MQTT
-- over TLS against mosquitto (ARGS[2], optional) trusting that certificate via caFile (ARGS[3]).
local httpsPort, mqttsPort, caFile = ARGS[1], ARGS[2], ARGS[3]
local url = "https://127.0.0.1:" .. httpsPort .. "/"

local resp, err = net.http(url, {timeout = 5000})
print("https verified:", resp, (err or ""):match("^tls failure: ") ~= nil)

resp, err = net.http(url, {timeout = 5000, checkCertificate = false})
print("https unchecked:", resp and resp.status, err)

-- an http:// request redirected to https:// continues on the TLS client
local redirector = net.HTTPServer()
local rport = redirector:start("127.0.0.1", 0, function() return "", 302, {Location = url} end)
resp, err = net.http("http://127.0.0.1:" .. rport .. "/", {timeout = 5000, checkCertificate = false})
print("http to https redirect:", resp and resp.status, resp and resp.url == url, err)
redirector:stop()

net.HTTPClient({checkCertificate = false}):request(url, {success = function(r)
  print("https client unchecked:", r.status)
end, error = function(e) print("https client error", e) end})

if mqttsPort ~= "" then
  local bad = mqtt.Client.connect("mqtts://127.0.0.1:" .. mqttsPort, {clientId = "tls-bad"})
  bad:addEventListener("error", function(e) print("mqtts untrusted:", e:match("^tls failure") ~= nil) end)

  local c = mqtt.Client.connect("mqtts://127.0.0.1:" .. mqttsPort, {clientId = "tls-good", caFile = caFile})
  c:addEventListener("connected", function()
    c:subscribe("tls/test", {qos = 2, callback = function()
      c:publish("tls/test", "over tls", {qos = 2})
    end})
  end)
  c:addEventListener("message", function(m)
    print("mqtts message:", m.payload, m.qos)
    c:disconnect()
  end)
  c:addEventListener("error", function(e) print("mqtts error", e) end)
end
