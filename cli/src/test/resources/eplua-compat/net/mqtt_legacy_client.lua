-- EPLua style: the legacy MQTT client object, its return-code table, and a round trip through
-- the broker given as the first argument (the test starts one; default a local mosquitto).
local broker = arg[1] or "mqtt://127.0.0.1:1883"
local topic = "eplua/compat/" .. os.time() .. "/" .. math.random(1000000)

print("accepted code", net.MQTTConnectReturnCode.CONNECTION_ACCEPTED,
  "auth code", mqtt.MQTTConnectReturnCode.BAD_USERNAME_OR_PASSWORD)

local client = net.MQTTClient()
client:connect(broker, {clientId = "eplua-compat-" .. math.random(1000000), keepAlivePeriod = 30})

client:addEventListener('connected', function(event)
  print("connected", event.event, client:isConnected())
  client:subscribe(topic, {qos = net.QoS.AT_LEAST_ONCE, callback = function()
    client:publish(topic, "hello from the legacy client", {qos = net.QoS.AT_LEAST_ONCE})
  end})
end)

client:addEventListener('message', function(event)
  print("message", event.topic == topic, event.payload)
  client:disconnect()
end)

client:addEventListener('disconnected', function(event)
  print("disconnected", event.event)
end)

client:addEventListener('error', function(err)
  print("mqtt error", err)
end)
