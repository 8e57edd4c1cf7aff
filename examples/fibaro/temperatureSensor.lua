--%%name:Outdoor temperature
--%%type:com.fibaro.temperatureSensor
--%%var:interval=1

-- A temperature sensor QuickApp: its reading is the device's `value` property (°C, HC3 keeps the
-- unit in `properties.unit`); it refreshes the value every `interval` seconds from a source (here a
-- made-up curve; a real one would call a weather service with net.HTTPClient).
-- Run: ./run.sh --fibaro --run-for 0 examples/fibaro/temperatureSensor.lua
-- then: curl localhost:8080/api/devices/5555/properties/value

local reading = 0

local function measure()
  reading = reading + 1
  return math.floor((4.5 + math.sin(reading / 3) * 2) * 10 + 0.5) / 10
end

function QuickApp:refresh()
  local t = measure()
  self:updateProperty('value', t)
  self:debug('temperature', t, '°C')
end

function QuickApp:onInit()
  self:updateProperty('unit', 'C')
  self:debug('onInit', self.name, self.id)
  local every = tonumber(self:getVariable('interval')) or 60
  self:refresh()
  setInterval(function() self:refresh() end, every * 1000)
  -- the last reading as another QuickApp or scene would read it
  fibaro.setTimeout(1500, function()
    self:trace('value seen through fibaro.getValue:', fibaro.getValue(self.id, 'value'))
  end)
end
