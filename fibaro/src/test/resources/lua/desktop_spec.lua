-- Spec of the QuickApp desktop window (fibaro/desktop.lua, docs/fibaro.md "Desktop window"):
-- the mapping functions on their own (global `desktop` is the module), then a --%%desktop:true
-- QuickApp on a recording fake of the _PY window functions. Each test runs on a fresh engine.

local ROWS = {
  {label = 'status', text = 'Status: off'},
  {{button = 'on', text = 'On', onReleased = 'turnOn'}, {button = 'off', text = 'Off', onReleased = 'turnOff'}},
  {slider = 'level', text = 'Level', min = '0', max = '99', value = '10', onChanged = 'setLevel'},
  {switch = 'night', text = 'Night', value = 'true', onReleased = 'night'},
  {select = 'scene', text = 'Scene', value = 'movie', onToggled = 'scene',
   options = {{type = 'option', text = 'Reading', value = 'read'}, {type = 'option', text = 'Movie', value = 'movie'}}},
  {multi = 'rooms', text = 'Rooms', values = {'h'}, onToggled = 'rooms',
   options = {{type = 'option', text = 'Kitchen', value = 'k'}, {type = 'option', text = 'Hall', value = 'h'}}},
}
local DEVICE = {id = 5555, name = 'Lamp', properties = {value = true}}

test('layout: a header, one element per row, side by side in a horizontal frame', function()
  local layout, states = desktop.layout(ROWS, DEVICE)
  local e = layout.elements
  eq(e[1], {type = 'label', id = '__qa_header', text = '<b>Lamp</b> (5555) &nbsp; value: true', html = true})
  eq(e[2], {type = 'separator'})
  eq(e[3], {type = 'label', id = 'status', text = 'Status: off', html = true})
  eq(e[4], {type = 'frame', layout = 'horizontal', children = {
    {type = 'button', id = 'on', text = 'On'}, {type = 'button', id = 'off', text = 'Off'}}})
  eq(e[5], {type = 'slider', id = 'level', text = 'Level', min = 0, max = 99, step = 1, value = 10})
  eq(e[6], {type = 'switch', id = 'night', text = 'Night', value = true})
  eq(e[7], {type = 'dropdown', id = 'scene', text = 'Scene', options = {'Reading', 'Movie'}, value = 'Movie'})
  eq(e[8], {type = 'multiselect', id = 'rooms', text = 'Rooms', options = {'Kitchen', 'Hall'}, values = {'Hall'}, height = 2})
  eq(#e, 8)
  eq(states.on.kind, 'button')
  eq(states.rooms.kind, 'multi')
end)

test('window events become HC3 UIEvents with the shapes of each element kind', function()
  local _, s = desktop.layout(ROWS, DEVICE)
  local function ev(id, t, v, vs) return desktop.uiEvent(5555, s, {element_id = id, event_type = t, value = v, values = vs}) end
  eq(ev('on', 'click'), {deviceId = 5555, elementName = 'on', eventType = 'onReleased', values = {}})
  eq(ev('night', 'change', false), {deviceId = 5555, elementName = 'night', eventType = 'onReleased', values = {false}})
  eq(ev('level', 'change', 42), {deviceId = 5555, elementName = 'level', eventType = 'onChanged', values = {42}})
  eq(ev('scene', 'change', 'Reading'), {deviceId = 5555, elementName = 'scene', eventType = 'onToggled', values = {'read'}})
  eq(ev('rooms', 'change', nil, {'Kitchen', 'Hall'}),
     {deviceId = 5555, elementName = 'rooms', eventType = 'onToggled', values = {{'k', 'h'}}})
  eq(json.encode(ev('on', 'click').values), '[]')
  eq(ev('status', 'click'), nil)
  eq(ev('unknown', 'click'), nil)
end)

test('updateView properties become window updates; unknown ones none', function()
  local _, s = desktop.layout(ROWS, DEVICE)
  eq(desktop.viewUpdates(s, 'status', 'text', 'hi'), {{'status', 'text', 'hi'}})
  eq(desktop.viewUpdates(s, 'level', 'value', '55'), {{'level', 'value', 55}})
  eq(desktop.viewUpdates(s, 'night', 'value', 'false'), {{'night', 'value', false}})
  eq(desktop.viewUpdates(s, 'scene', 'selectedItem', 'read'), {{'scene', 'value', 'Reading'}})
  eq(desktop.viewUpdates(s, 'scene', 'value', 'nope'), {})
  eq(desktop.viewUpdates(s, 'rooms', 'selectedItems', {'k', 'h'}), {{'rooms', 'values', {'Kitchen', 'Hall'}}})
  eq(desktop.viewUpdates(s, 'on', 'visible', false), {{'on', 'visible', false}})
  eq(desktop.viewUpdates(s, 'scene', 'options', {{type = 'option', text = 'Party', value = 'p'}}),
     {{'scene', 'options', {'Party'}}})
  eq(desktop.viewUpdates(s, 'scene', 'selectedItem', 'p'), {{'scene', 'value', 'Party'}})
  eq(desktop.viewUpdates(s, 'nothing', 'text', 'x'), {})
  eq(desktop.viewUpdates(s, 'level', 'colour', 'red'), {})
end)

-- a recording fake of the _PY window functions
local function fakeGui(available)
  local calls, callbacks = {}, {}
  _PY.gui_available = function() return available end
  _PY.createNativeWindow = function(title, w, h) calls[#calls + 1] = {'create', title}; return {window_id = 'window_1'} end
  _PY.setNativeUI = function(id, ui) calls[#calls + 1] = {'ui', id, #ui.elements} end
  _PY.setNativeCallback = function(id, el, fn) callbacks[el] = fn end
  _PY.updateElement = function(id, el, p, v) calls[#calls + 1] = {'update', el, p, v} end
  _PY.showNativeWindow = function(id) calls[#calls + 1] = {'show', id} end
  return calls, callbacks
end

local QA = [[
--%%name:Lamp
--%%desktop:true
--%%u:{label='status',text='off'}
--%%u:{button='on',text='On',onReleased='turnOn'}
function QuickApp:onInit() self:updateView('status', 'text', 'ready') end
function QuickApp:turnOn(ev)
  self:debug('turnOn', json.encode(ev))
  self:updateProperty('value', true)
  self:updateView('status', 'text', 'on')
end
]]

test('--%%desktop:true opens the window; a click calls the handler; updateView and updateProperty reach the window', function()
  local calls, callbacks = fakeGui(true)
  startQA(QA)
  eq(calls[1], {'create', 'Lamp (5555)'})
  eq(calls[2], {'ui', 'window_1', 4})
  eq(calls[3], {'update', 'status', 'text', 'ready'}) -- the onInit updateView, from getView
  eq(calls[4], {'show', 'window_1'})
  for i = #calls, 1, -1 do calls[i] = nil end
  output()
  callbacks['*']({window_id = 'window_1', element_id = 'on', event_type = 'click'})
  advance(0)
  local out = output()
  assert(out:find('UIEvent: {"deviceId":5555,"elementName":"on","eventType":"onReleased","values":[]}', 1, true), out)
  assert(out:find('turnOn {"deviceId":5555', 1, true), out)
  advance(0)
  eq(calls, {{'update', '__qa_header', 'text', '<b>Lamp</b> (5555) &nbsp; value: true'},
             {'update', 'status', 'text', 'on'}})
end)

test('without a display the QuickApp runs without its window and one warning says so', function()
  local calls = fakeGui(false)
  startQA(QA)
  eq(calls, {})
  local err = errors()
  assert(err:find('jeplua: fibaro: --%%desktop: no display (or --headless) - the QuickApp runs without its window', 1, true), err)
  eq(api.get('/plugins/getView?id=5555'), {status = {text = 'ready'}})
end)

test('no window without the header', function()
  local calls = fakeGui(true)
  startQA((QA:gsub('%-%-%%%%desktop:true\n', '')))
  eq(calls, {})
end)
