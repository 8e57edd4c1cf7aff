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
-- (windows are numbered window_1, window_2 ...; callbacks[element] are the first window's,
-- windows[id] = {title, ui, callbacks, updates} each window's)
local function fakeGui(available)
  local calls, callbacks, windows = {}, {}, {}
  _PY.gui_available = function() return available end
  _PY.createNativeWindow = function(title, w, h)
    calls[#calls + 1] = {'create', title}
    local id = 'window_' .. (#windows + 1)
    windows[#windows + 1] = {id = id, title = title, callbacks = {}, updates = {}}
    windows[id] = windows[#windows]
    return {window_id = id}
  end
  _PY.setNativeUI = function(id, ui) calls[#calls + 1] = {'ui', id, #ui.elements}; windows[id].ui = ui end
  _PY.setNativeCallback = function(id, el, fn)
    if id == 'window_1' then callbacks[el] = fn end
    windows[id].callbacks[el] = fn
  end
  _PY.updateElement = function(id, el, p, v)
    calls[#calls + 1] = {'update', el, p, v}
    local u = windows[id].updates
    u[#u + 1] = {el, p, v}
  end
  _PY.showNativeWindow = function(id) calls[#calls + 1] = {'show', id} end
  _PY.closeNativeWindow = function(id) calls[#calls + 1] = {'close', id}; windows[id].closed = true end
  return calls, callbacks, windows
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

test('rowsOf reads a child device UI back from its viewLayout or its uiView', function()
  local layout = {['$jason'] = {body = {sections = {items = {
    {type = 'vertical', components = {{name = 'lbl', type = 'label', text = 'Hi', visible = true}, {type = 'space'}}},
    {type = 'vertical', components = {{type = 'horizontal', components = {
      {name = 'b1', type = 'button', text = 'One', visible = true},
      {name = 'sl', type = 'slider', text = '', min = '0', max = '10', step = '1', value = '3', visible = true}}},
      {type = 'space'}}},
    {type = 'vertical', components = {{name = 'm', type = 'select', selectionType = 'multi', text = 'M',
      options = {{type = 'option', text = 'A', value = 'a'}}, values = {'a'}}, {type = 'space'}}},
  }}}}}
  eq(desktop.rowsOf({viewLayout = layout}), {
    {label = 'lbl', text = 'Hi', visible = true},
    {{button = 'b1', text = 'One', visible = true},
     {slider = 'sl', text = '', min = '0', max = '10', step = '1', value = '3', visible = true}},
    {multi = 'm', text = 'M', visible = true, options = {{type = 'option', text = 'A', value = 'a'}}, values = {'a'}},
  })
  eq(desktop.rowsOf({uiView = {{type = 'horizontal', components = {{name = 'sw', type = 'switch', text = 'S'}}},
                               {type = 'horizontal', components = {{name = 'x', type = 'video'}}}}}),
     {{switch = 'sw', text = 'S', visible = true}})
  eq(desktop.rowsOf({}), {})
end)

local PARENT = [[
--%%name:Hub
--%%desktop:true
class 'Kid'(QuickAppChild)
function Kid:__init(dev) QuickAppChild.__init(self, dev) end
function Kid:press(ev) self:debug('kid pressed', ev.deviceId, ev.elementName); self:updateProperty('value', true) end
function QuickApp:onInit()
  self:initChildDevices({['com.fibaro.binarySwitch'] = Kid})
  if next(self.childDevices) == nil then
    self:createChildDevice({name = 'Kid A', type = 'com.fibaro.binarySwitch', initialProperties = {
      uiView = {{type = 'horizontal', components = {{name = 'kb', type = 'button', text = 'Press'}}}},
      uiCallbacks = {{name = 'kb', eventType = 'onReleased', callback = 'press'}}}}, Kid)
  end
end
function QuickApp:addKid() self:createChildDevice({name = 'Kid B', type = 'com.fibaro.binarySwitch'}, Kid) end
]]

test('--%%desktop:true gives each child device a window with its header and UI, live', function()
  local calls, _, windows = fakeGui(true)
  startQA(PARENT)
  -- no --%%u rows: no window for the QuickApp itself; one for its child
  eq(#windows, 1)
  local kid = windows[1]
  eq(kid.title, 'Kid A (5556)')
  eq(kid.ui.elements[1].text, '<b>Kid A</b> (5556) &nbsp; value: false')
  eq(kid.ui.elements[3], {type = 'button', id = 'kb', text = 'Press'})
  output()
  kid.callbacks['*']({window_id = kid.id, element_id = 'kb', event_type = 'click'})
  advance(0)
  advance(0)
  local out = output()
  assert(out:find('UIEvent: {"deviceId":5556,"elementName":"kb","eventType":"onReleased","values":[]}', 1, true), out)
  assert(out:find('kid pressed 5556 kb', 1, true), out)
  eq(kid.updates[#kid.updates], {'__qa_header', 'text', '<b>Kid A</b> (5556) &nbsp; value: true'})

  -- a child created later gets its window; a removed child's window closes
  fibaro.call(5555, 'addKid')
  advance(0)
  advance(0)
  eq(#windows, 2)
  eq(windows[2].title, 'Kid B (5557)')
  quickApp:removeChildDevice(5557)
  advance(0)
  eq(windows[2].closed, true)
  eq(kid.closed, nil)
end)

test('a QuickApp with --%%u rows and children opens its own window first, then one per child', function()
  local _, _, windows = fakeGui(true)
  startQA((PARENT:gsub('%-%-%%%%desktop:true\n', "--%%%%desktop:true\n--%%%%u:{label='l',text='x'}\n")))
  eq(windows[1].title, 'Hub (5555)')
  eq(windows[2].title, 'Kid A (5556)')
  eq(#windows, 2)
end)
