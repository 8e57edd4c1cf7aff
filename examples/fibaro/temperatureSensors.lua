--%%name:Weather station
--%%type:com.fibaro.deviceController
--%%var:interval=1

-- A QuickApp with child devices: one temperature and one humidity sensor, created on the first
-- run and found again by initChildDevices on later runs (their ids persist in .jeplua/store.db).
-- Run: ./run.sh --fibaro --run-for 4 examples/fibaro/temperatureSensors.lua
-- then: curl 'localhost:8080/api/devices?parentId=5555'

class 'TemperatureSensor'(QuickAppChild)
function TemperatureSensor:__init(device)
  QuickAppChild.__init(self, device)
end
function TemperatureSensor:onInit() self:debug('temperature child', self.id, 'ready') end
function TemperatureSensor:setReading(v) self:updateProperty('value', v) end

class 'HumiditySensor'(QuickAppChild)
function HumiditySensor:__init(device)
  QuickAppChild.__init(self, device)
end
function HumiditySensor:setReading(v) self:updateProperty('value', v) end

local CLASSES = {
  ['com.fibaro.temperatureSensor'] = TemperatureSensor,
  ['com.fibaro.humiditySensor'] = HumiditySensor,
}

function QuickApp:onInit()
  self:initChildDevices(CLASSES)
  if next(self.childDevices) == nil then
    self:createChildDevice({name = 'Outdoor temperature', type = 'com.fibaro.temperatureSensor',
                            initialProperties = {unit = 'C'}}, TemperatureSensor)
    self:createChildDevice({name = 'Outdoor humidity', type = 'com.fibaro.humiditySensor',
                            initialProperties = {unit = '%'}}, HumiditySensor)
  end
  local n = 0
  for id, child in pairs(self.childDevices) do n = n + 1 end
  self:debug('children:', n)
  local t = 0
  self.timer = setInterval(function()
    t = t + 1
    for _, child in pairs(self.childDevices) do
      if child.type == 'com.fibaro.temperatureSensor' then
        child:setReading(15 + t / 2)
      else
        child:setReading(60 - t)
      end
      self:trace(child.name, '=', fibaro.getValue(child.id, 'value'))
    end
  end, (tonumber(self:getVariable('interval')) or 1) * 1000)
end
