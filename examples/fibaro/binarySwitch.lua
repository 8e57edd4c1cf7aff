--%%name:Lamp
--%%type:com.fibaro.binarySwitch
--%%var:onTime=5
--%%u:{label='status',text='Off'}
--%%u:{{button='on',text='Turn on',onReleased='turnOn'},{button='off',text='Turn off',onReleased='turnOff'}}

-- A binary switch QuickApp: turnOn/turnOff from fibaro.call, the REST API or the UI buttons.
-- Run: ./run.sh --fibaro --run-for 0 examples/fibaro/binarySwitch.lua   (--run-for 0 keeps serving the REST API)
-- then: curl -X POST localhost:8080/api/devices/5555/action/turnOn

function QuickApp:turnOn()
  self:debug('turning on')
  self:updateProperty('value', true)
  self:updateView('status', 'text', 'On')
  fibaro.setGlobalVariable('LampState', 'on')
end

function QuickApp:turnOff()
  self:debug('turning off')
  self:updateProperty('value', false)
  self:updateView('status', 'text', 'Off')
  fibaro.setGlobalVariable('LampState', 'off')
end

function QuickApp:onInit()
  self:debug('onInit', self.name, 'id', self.id, 'type', self.type)
  if fibaro.getGlobalVariable('LampState') == nil then
    api.post('/globalVariables', {name = 'LampState', value = 'off'})
  end
  local starts = (tonumber(self:getVariable('starts')) or 0) + 1
  self:setVariable('starts', starts)
  self:trace('started', starts, 'time(s); onTime', self:getVariable('onTime'))
  -- switch on now (asynchronously, as on an HC3), and off again after onTime seconds
  fibaro.call(self.id, 'turnOn')
  fibaro.setTimeout(self:getVariable('onTime') * 1000, function() self:turnOff() end)
end
