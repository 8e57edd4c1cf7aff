-- MQTT publish/subscribe. Needs a broker, e.g. Debian's mosquitto (apt-get install mosquitto).
-- Run: ./run.sh examples/net/mqtt_pubsub.lua [mqtt://127.0.0.1:1883]
local uri = arg[1] or "mqtt://127.0.0.1:1883"
local client = mqtt.Client.connect(uri, {clientId = "jeplua-example", keepAlivePeriod = 30})

client:addEventListener("connected", function()
  print("connected to " .. uri)
  client:subscribe("jeplua/example/#", {qos = net.QoS.AT_LEAST_ONCE, callback = function()
    client:publish("jeplua/example/hello", "hello from JEPLua", {qos = 1})
  end})
end)
client:addEventListener("message", function(m)
  print(string.format("message on %s (qos %d, retain %s): %s", m.topic, m.qos, tostring(m.retain), m.payload))
  client:disconnect()
end)
client:addEventListener("error", function(err) print("mqtt error: " .. err) end)
client:addEventListener("closed", function(e) print("closed: " .. e.reason) end)
