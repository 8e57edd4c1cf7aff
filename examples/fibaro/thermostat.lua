--%%name:Living room thermostat
--%%type:com.fibaro.hvacSystemAuto
--%%var:minSetpoint=5
--%%var:maxSetpoint=30
--%%u:{label='status',text='Off'}
--%%u:{{button='heat',text='Heat',onReleased='heatButton'},{button='off',text='Off',onReleased='offButton'}}
--%%u:{slider='setpoint',text='Setpoint',min='5',max='30',onChanged='setpointSlider'}

-- A thermostat QuickApp (HC3's hvacSystem types): the modes it supports are the
-- `supportedThermostatModes` property, the current mode `thermostatMode`, the heating target
-- `heatingThermostatSetpoint`; the HC3 app calls the actions setThermostatMode(mode) and
-- setHeatingThermostatSetpoint(value). The current room temperature is `temperature` here.
-- Run: ./run.sh --fibaro --run-for 0 examples/fibaro/thermostat.lua
-- then: curl -X POST localhost:8080/api/devices/5555/action/setHeatingThermostatSetpoint -d '{"args":[22.5]}'
--       curl -X POST localhost:8080/api/devices/5555/action/setThermostatMode -d '{"args":["Heat"]}'

local MODES = {'Off', 'Heat', 'Auto'}

function QuickApp:showStatus()
  local p = self.properties
  self:updateView('status', 'text', string.format('%s, target %.1f °C', p.thermostatMode, p.heatingThermostatSetpoint))
end

function QuickApp:setThermostatMode(mode)
  local known = false
  for _, m in ipairs(MODES) do known = known or m == mode end
  if not known then
    self:warning('unsupported mode', mode)
    return
  end
  self:updateProperty('thermostatMode', mode)
  self:debug('mode', mode)
  self:showStatus()
end

function QuickApp:setHeatingThermostatSetpoint(value)
  local lo = tonumber(self:getVariable('minSetpoint')) or 5
  local hi = tonumber(self:getVariable('maxSetpoint')) or 30
  value = math.max(lo, math.min(hi, tonumber(value) or lo))
  self:updateProperty('heatingThermostatSetpoint', value)
  self:updateView('setpoint', 'value', tostring(value))
  self:debug('heating setpoint', value)
  self:showStatus()
end

function QuickApp:heatButton() self:setThermostatMode('Heat') end
function QuickApp:offButton() self:setThermostatMode('Off') end
function QuickApp:setpointSlider(event) self:setHeatingThermostatSetpoint(event.values[1]) end

function QuickApp:onInit()
  self:updateProperty('supportedThermostatModes', MODES)
  if self.properties.thermostatMode == nil then self:updateProperty('thermostatMode', 'Off') end
  if self.properties.heatingThermostatSetpoint == nil then self:updateProperty('heatingThermostatSetpoint', 20) end
  self:updateProperty('temperature', 19.5)
  self:updateProperty('unit', 'C')
  self:debug('onInit', self.name, self.id, 'mode', self.properties.thermostatMode)
  -- what the HC3 app does when the user picks Heat and 21.5 °C
  fibaro.call(self.id, 'setThermostatMode', 'Heat')
  fibaro.call(self.id, 'setHeatingThermostatSetpoint', 21.5)
  fibaro.call(self.id, 'setThermostatMode', 'Cool') -- not supported: a warning
end
