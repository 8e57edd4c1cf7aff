-- MQTT against a real broker: subscribe, publish QoS 1, receive, retained message on a new
-- subscription, disconnect. ARGS[1] = broker port.
local uri = "mqtt://127.0.0.1:" .. ARGS[1]
local topic = "jeplua/test/" .. math.random(1, 1e9)
local c = mqtt.Client.connect(uri, {clientId = "jeplua-a", keepAlivePeriod = 30, cleanSession = true,
  callback = function(rc) print("connect callback", rc) end})
assert(net.Client.connect == mqtt.Client.connect and net.QoS.AT_LEAST_ONCE == 1)

c:addEventListener("connected", function(e)
  print("connected", e.sessionPresent, e.returnCode)
  c:subscribe(topic .. "/#", {qos = net.QoS.AT_LEAST_ONCE, callback = function(r)
    print("subscribed", r.packetId, r.results[1])
    c:publish(topic .. "/a", "hello", {qos = 1, callback = function(p) print("published", p.packetId ~= nil, p.error) end})
  end})
end)

local phase = 1
c:addEventListener("message", function(m)
  if m.topic ~= topic .. "/a" then return end
  print("message", m.payload, m.qos, m.retain)
  if phase == 1 then
    phase = 2
    c:publish(topic .. "/kept", "retained value", {qos = 1, retain = true, callback = function()
      -- a second client subscribing later gets the retained message
      local d = mqtt.Client.connect(uri, {clientId = "jeplua-b"})
      d:addEventListener("connected", function()
        d:subscribe(topic .. "/kept", {qos = 1})
      end)
      local cleared = false
      d:addEventListener("message", function(m2)
        if cleared then return end   -- the clearing publish comes back to this subscriber too
        cleared = true
        print("retained", m2.payload, m2.retain, m2.qos)
        -- clear the retained message, then leave
        d:publish(topic .. "/kept", "", {qos = 1, retain = true, callback = function()
          d:disconnect()
          d:publish(topic .. "/kept", "late", {callback = function(e) print("after disconnect:", e.error) end})
          c:unsubscribe(topic .. "/#", {callback = function() c:disconnect({callback = function() print("disconnect callback") end}) end})
        end})
      end)
      d:addEventListener("closed", function(e) print("b closed", e.reason) end)
    end})
  end
end)
c:addEventListener("closed", function(e) print("a closed", e.reason) end)
c:addEventListener("error", function(e) print("mqtt error", e) end)

local refused = mqtt.Client.connect("mqtt://127.0.0.1:" .. ARGS[2])
refused:addEventListener("error", function(e) print("refused:", e) end)
