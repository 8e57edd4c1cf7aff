-- HTTP round trips per second: net.HTTPClient -> local net.HTTPServer on loopback, keep-alive,
-- with 1 and with 16 requests in flight. Usage: ./run.sh bench/net_http.lua [requests=20000]
local N = tonumber(arg and arg[1]) or 20000
local server = net.HTTPServer()
local port = server:start("127.0.0.1", 0, function(method, path) return "ok" end)
local url = "http://127.0.0.1:" .. port .. "/bench"
local client = net.HTTPClient({timeout = 10000})

local function round(inflight, total, done)
  local started, finished, bad = 0, 0, 0
  local w0 = _PY.milli_time()
  local function one()
    started = started + 1
    client:request(url, {success = function(resp)
      if resp.status ~= 200 or resp.data ~= "ok" then bad = bad + 1 end
      finished = finished + 1
      if started < total then one()
      elseif finished == total then
        local ms = _PY.milli_time() - w0
        done(total / (ms / 1000), bad)
      end
    end, error = function(e) bad = bad + 1; finished = finished + 1; print("error", e) end})
  end
  for _ = 1, inflight do one() end
end

-- warm-up, then the measured rounds
round(16, math.min(5000, N), function()
  round(1, N, function(rate1, bad1)
    print(string.format("RESULT http in-flight=1  requests=%d  %s req/s  errors=%d", N, math.floor(rate1), bad1))
    round(16, N, function(rate16, bad16)
      print(string.format("RESULT http in-flight=16 requests=%d  %s req/s  errors=%d", N, math.floor(rate16), bad16))
      server:stop()
    end)
  end)
end)
