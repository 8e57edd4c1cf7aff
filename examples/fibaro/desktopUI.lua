--%%name:Desk Lamp
--%%type:com.fibaro.multilevelSwitch
--%%u:{label='status',text='Status: off'}
--%%u:{{button='on',text='On',onReleased='turnOn'},{button='off',text='Off',onReleased='turnOff'}}
--%%u:{slider='level',text='Level',min='0',max='99',onChanged='setLevel'}
--%%u:{switch='night',text='Night mode',value='false',onReleased='night'}
--%%u:{select='scene',text='Scene',onToggled='scene',options={{type='option',text='Reading',value='read'},{type='option',text='Movie',value='movie'}}}
--%%u:{multi='rooms',text='Rooms',onToggled='rooms',options={{type='option',text='Kitchen',value='k'},{type='option',text='Hall',value='h'},{type='option',text='Bath',value='b'}}}

-- The QuickApp UI in a native window: ./run.sh --desktop examples/fibaro/desktopUI.lua
-- (on a machine without a display: xvfb-run -a ./run.sh --desktop examples/fibaro/desktopUI.lua;
-- a QuickApp can also ask for its window itself with the header --%%desktop:true)
-- Every click or change calls the handler named in the --%%u row; the handlers update the view.

function QuickApp:onInit()
  self:debug('onInit', self.name, self.id)
  self:updateProperty('value', 0)
end

function QuickApp:turnOn()
  self:debug('turnOn')
  self:setLevel({values = {99}})
end

function QuickApp:turnOff()
  self:debug('turnOff')
  self:setLevel({values = {0}})
end

function QuickApp:setLevel(event)
  local level = math.floor(tonumber(event.values[1]) or 0)
  self:debug('setLevel', level)
  self:updateProperty('value', level)
  self:updateView('level', 'value', tostring(level))
  self:updateView('status', 'text', level > 0 and ('Status: on at ' .. level .. '%') or 'Status: off')
end

function QuickApp:night(event)
  self:debug('night', tostring(event.values[1]))
  self:updateView('status', 'text', event.values[1] and 'Status: night mode' or 'Status: day mode')
end

function QuickApp:scene(event)
  self:debug('scene', event.values[1])
end

function QuickApp:rooms(event)
  self:debug('rooms', json.encode(event.values[1]))
end
