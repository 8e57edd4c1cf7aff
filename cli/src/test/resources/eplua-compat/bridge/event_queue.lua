-- A producer timer fills EPLua's event queue, a consumer interval drains it in batches.
print("before init", _PY.get_event_count(), _PY.clear_events())
print("init", _PY.init_event_queue())

local device = {id = 42, name = "lamp"}
local produced = 0
local producer
producer = setInterval(function()
  produced = produced + 1
  _PY.add_event({type = "DevicePropertyUpdatedEvent", data = {id = device.id, value = produced}})
  if produced == 7 then clearInterval(producer) end
end, 5)

local seen = {}
local consumer
consumer = setInterval(function()
  for _, ev in ipairs(_PY.get_events(3)) do
    seen[#seen + 1] = ev.data.value
  end
  if #seen == 7 then
    clearInterval(consumer)
    print("consumed", table.concat(seen, " "), "left", _PY.get_event_count())
    _PY.add_event(device)
    local same = _PY.get_events()[1]
    print("same table back", rawequal(same, device))
    print("view update", _PY.broadcast_view_update(device.id, "label1", "text", "on"))
  end
end, 12)
