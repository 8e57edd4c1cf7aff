--%%name:Dimmer
--%%type:com.fibaro.multilevelSwitch
--%%var:defaultLevel=60
--%%u:{label='level',text='Level: 0'}
--%%u:{slider='dim',text='Level',min='0',max='99',onChanged='dimChanged'}
--%%u:{{button='on',text='On',onReleased='turnOn'},{button='off',text='Off',onReleased='turnOff'}}

-- A dimmer QuickApp: setValue/turnOn/turnOff actions and a slider.
-- Run: ./run.sh --fibaro --run-for 0 examples/fibaro/multilevelSwitch.lua
-- Move the slider from the REST API as the HC3 app would:
--   curl -X POST localhost:8080/api/plugins/callUIEvent \
--        -d '{"deviceID":5555,"elementName":"dim","eventType":"onChanged","values":[25]}'

function QuickApp:setValue(level)
  level = math.max(0, math.min(99, tonumber(level) or 0))
  self:updateProperty('value', level)
  self:updateView('level', 'text', 'Level: ' .. level)
  self:updateView('dim', 'value', tostring(level))
  self:debug('level', level)
end

function QuickApp:turnOn() self:setValue(tonumber(self:getVariable('defaultLevel')) or 99) end
function QuickApp:turnOff() self:setValue(0) end

-- UI event: {deviceId, elementName, eventType, values = {position}}
function QuickApp:dimChanged(event) self:setValue(event.values[1]) end

function QuickApp:onInit()
  self:debug('onInit', self.name, self.id)
  fibaro.call(self.id, 'turnOn')
  -- the slider as the HC3 app moves it (a UI event goes through the same REST route)
  fibaro.setTimeout(500, function()
    api.post('/plugins/callUIEvent', {deviceID = self.id, elementName = 'dim', eventType = 'onChanged', values = {25}})
  end)
end
