-- Spec of the --fibaro QuickApp runtime (docs/fibaro.md). Each test runs on a fresh engine.
local LINE = '^%[%d%d%.%d%d%.%d%d%d%d%] %[%d%d:%d%d:%d%d%] %[(%u+)%] %[([%w_]+)%]: (.*)$'

-- the printed log lines as {level, tag, text}
local function lines()
  local out = {}
  for l in output():gmatch('[^\n]+') do
    local level, tag, text = l:match(LINE)
    assert(level, 'not an HC3 log line: ' .. l)
    out[#out + 1] = {level, tag, text}
  end
  return out
end

local function texts()
  local out = {}
  for _, l in ipairs(lines()) do out[#out + 1] = l[3] end
  return out
end

local BASIC = [[
--%%name:Lamp
--%%type:com.fibaro.binarySwitch
--%%var:city="London"
--%%var:count=42
--%%u:{button='b1',text='On',onReleased='turnOn'}
--%%u:{{slider='s1',text='Level',onChanged='level'},{label='l1',text='x'}}
order = {'main'}
function QuickApp:onInit()
  order[#order + 1] = 'onInit'
  seenQuickApp = quickApp
  self:debug('started', self.id, nil, true)
end
function QuickApp:turnOn() self:updateProperty('value', true); self:trace('on') end
function QuickApp:turnOff() self:updateProperty('value', false) end
function QuickApp:level(ev) self:debug('level', ev.values[1]) end
]]

test('onInit runs after the main chunk, before quickApp is set; log lines are in HC3 format', function()
  startQA(BASIC)
  eq(order, {'main', 'onInit'})
  eq(seenQuickApp, nil)
  eq(quickApp.id, 5555)
  eq(plugin.mainDeviceId, 5555)
  eq(__TAG, 'QUICKAPP5555')
  eq(lines(), {{'DEBUG', 'QUICKAPP5555', 'started 5555 nil true'}})
  fibaro.warning('MyTag', 'w', 1); fibaro.error('E', {} ~= nil); fibaro.trace('T', 'x')
  eq(lines(), {{'WARNING', 'MyTag', 'w 1'}, {'ERROR', 'E', 'true'}, {'TRACE', 'T', 'x'}})
  print('plain', 2)
  eq(lines(), {{'DEBUG', 'QUICKAPP5555', 'plain 2'}})
  local ok, err = pcall(fibaro.debug, 42, 'x')
  eq(ok, false)
  assert(err:find('Wrong parameter type, string required'), err)
end)

test('header variables, device record and getVariable/setVariable', function()
  startQA(BASIC)
  output()
  eq(quickApp:getVariable('city'), 'London')
  eq(quickApp:getVariable('count'), 42)
  eq(quickApp:getVariable('missing'), '')
  quickApp:setVariable('city', 'Paris')
  quickApp:setVariable('new', 'v')
  eq(quickApp:getVariable('city'), 'Paris')
  local vars = api.get('/quickApp/5555/variables')
  eq(vars, {{name = 'city', value = 'Paris'}, {name = 'count', value = 42}, {name = 'new', value = 'v'}})
  local d, status = api.get('/devices/5555')
  eq(status, 200)
  eq(d.name, 'Lamp'); eq(d.type, 'com.fibaro.binarySwitch'); eq(d.parentId, 0)
  eq(d.interfaces, {'quickApp'})
  eq(d.properties.uiCallbacks[1], {name = 'b1', eventType = 'onReleased', callback = 'turnOn'})
  local _, missing = api.get('/devices/1234')
  eq(missing, 404)
end)

test('fibaro.call is asynchronous and dispatches to the method; updateProperty emits an event', function()
  startQA(BASIC)
  output()
  local before = api.get('/refreshStates?last=0').last
  fibaro.call(5555, 'turnOn')
  eq(fibaro.getValue(5555, 'value'), false) -- not yet: HC3 runs actions later
  advance(0)
  eq(fibaro.getValue(5555, 'value'), true)
  eq(quickApp.properties.value, true)
  local t = texts()
  eq(#t, 2)
  eq(json.decode(t[1]:match('^onAction: (.*)$')), {deviceId = 5555, actionName = 'turnOn', args = {}})
  eq(t[2], 'on')
  local rs = api.get('/refreshStates?last=' .. before)
  local ev = rs.events[#rs.events]
  eq(ev.type, 'DevicePropertyUpdatedEvent')
  eq(ev.data, {id = 5555, property = 'value', newValue = true, oldValue = false})
  fibaro.call(5555, 'noSuchAction', 1)
  advance(0)
  local l = lines()
  eq(l[2], {'WARNING', 'QUICKAPP5555', "Class does not have 'noSuchAction' function defined - action ignored"})
end)

test('REST action returns 202 and an error in an action is logged, not fatal', function()
  startQA(BASIC .. "\nfunction QuickApp:boom() error('bad') end\n")
  output()
  local r, status = api.post('/devices/5555/action/boom', {args = {}})
  eq(status, 202)
  eq(r.message, 'Accepted')
  advance(0)
  local l = lines()
  eq(l[2][1], 'ERROR')
  assert(l[2][3]:find('bad'), l[2][3])
end)

test('UI events go to the registered handler; unknown elements warn', function()
  startQA(BASIC)
  output()
  local _, status = api.post('/plugins/callUIEvent', {deviceID = 5555, elementName = 's1', eventType = 'onChanged', values = {55}})
  eq(status, 200)
  advance(0)
  local t = texts()
  eq(t[2], 'level 55')
  quickApp:UIAction('onReleased', 'nope')
  eq(texts(), {'UI callback for element nope not found.'})
  quickApp:updateView('l1', 'text', 'hello')
  eq(api.get('/plugins/getView?id=5555'), {l1 = {text = 'hello'}})
end)

test('children: create, init by type map, list, remove; child actions route to the child', function()
  startQA([[
--%%name:Parent
class 'Sensor'(QuickAppChild)
function Sensor:__init(dev) QuickAppChild.__init(self, dev) end
function Sensor:onInit() self.started = true end
function Sensor:setValue(v) self:updateProperty('value', v) end
function QuickApp:onInit()
  self:initChildDevices({['com.fibaro.temperatureSensor'] = Sensor})
  child = self:createChildDevice({name = 'Temp', type = 'com.fibaro.temperatureSensor'}, Sensor)
end
]])
  eq(child.id, 5556)
  eq(child.started, true)
  eq(child.parent == quickApp, true)
  eq(quickApp.childDevices[5556] == child, true)
  local kids = api.get('/devices?parentId=5555')
  eq(#kids, 1)
  eq(kids[1].interfaces, {'quickAppChild'})
  eq(fibaro.getDevicesID({parentId = 5555}), {5556})
  eq(fibaro.getDevicesID({interfaces = {'quickAppChild'}}), {5556})
  fibaro.call(5556, 'setValue', 21.5)
  advance(0)
  eq(fibaro.getValue(5556, 'value'), 21.5)
  quickApp:removeChildDevice(5556)
  eq(quickApp.childDevices[5556], nil)
  eq(api.get('/devices?parentId=5555'), {})
end)

test('internal storage', function()
  startQA(BASIC)
  quickApp:internalStorageSet('k', {a = 1})
  quickApp:internalStorageSet('h', 'x', true)
  eq(quickApp:internalStorageGet('k'), {a = 1})
  eq(quickApp:internalStorageGet(), {k = {a = 1}, h = 'x'})
  quickApp:internalStorageSet('k', 2)
  eq(quickApp:internalStorageGet('k'), 2)
  quickApp:internalStorageRemove('k')
  eq(quickApp:internalStorageGet('k'), nil)
  quickApp:internalStorageClear()
  eq(quickApp:internalStorageGet(), {})
end)

test('global variables, rooms, sections, custom events', function()
  startQA(BASIC)
  eq(fibaro.getGlobalVariable('g'), nil)
  local _, st = api.post('/globalVariables', {name = 'g', value = 'a'})
  eq(st, 201)
  eq(fibaro.setGlobalVariable('g', 'b'), 200)
  eq((fibaro.getGlobalVariable('g')), 'b')
  eq(fibaro.setGlobalVariable('nope', 'b'), 404)
  eq(pcall(fibaro.setGlobalVariable, 'g', 5), false)
  eq(fibaro.getRoomID(5555), 219)
  eq(fibaro.getRoomName(219), 'Default Room')
  eq(fibaro.getSectionID(5555), 219)
  eq(fibaro.getName(5555), 'Lamp')
  eq(fibaro.getType(5555), 'com.fibaro.binarySwitch')
  local last = api.get('/refreshStates?last=0').last
  fibaro.emitCustomEvent('Ping')
  local ev = api.get('/refreshStates?last=' .. last).events
  eq(ev[1].type, 'CustomEvent'); eq(ev[1].data, {name = 'Ping'})
end)

test('setName, setEnabled, setVisible, interfaces', function()
  startQA(BASIC)
  quickApp:setName('Renamed'); quickApp:setEnabled(false); quickApp:setVisible(false)
  local d = api.get('/devices/5555')
  eq({d.name, d.enabled, d.visible}, {'Renamed', false, false})
  quickApp:addInterfaces({'power', 'energy'})
  quickApp:deleteInterfaces({'energy'})
  eq(quickApp:hasInterface('power'), true)
  eq(api.get('/devices/5555').interfaces, {'quickApp', 'power'})
end)

test('fibaro.setTimeout, clearTimeout and sleep follow the manual clock', function()
  startQA(BASIC)
  output()
  local fired = {}
  fibaro.setTimeout(100, function() fired[#fired + 1] = 'a' end)
  local ref = fibaro.setTimeout(50, function() fired[#fired + 1] = 'b' end)
  fibaro.clearTimeout(ref)
  fibaro.setTimeout(10, function() error('oops') end)
  advance(100)
  eq(fired, {'a'})
  local l = lines()
  eq(l[1][1], 'ERROR')
  local done
  setTimeout(function() fibaro.sleep(500); done = true end, 0)
  advance(400)
  eq(done, nil)
  advance(200)
  eq(done, true)
end)

test('unknown paths: 501 with a JSON error, or _PY.fibaro_api_hook', function()
  startQA(BASIC)
  local r, st = api.get('/weather')
  eq(st, 501); eq(r.type, 'ERROR')
  _PY.fibaro_api_hook = function(method, path, data) return {m = method, p = path, d = data}, 200 end
  r, st = api.post('/weather/x', {a = 1})
  eq(st, 200); eq(r, {m = 'POST', p = '/weather/x', d = {a = 1}})
end)

test('class: constructors, inheritance, tostring', function()
  startQA(BASIC)
  class 'Animal'
  function Animal:__init(n) self.n = n end
  function Animal:speak() return self.n .. ' speaks' end
  class 'Dog'(Animal)
  function Dog:__init(n) Animal.__init(self, n .. '!') end
  local d = Dog('rex')
  eq(d:speak(), 'rex! speaks')
  eq(tostring(Dog), 'class Dog')
  eq(string.split('a,b,,c', ','), {'a', 'b', 'c'})
  eq(string.starts('hello', 'he'), true)
end)

test('RefreshStateSubscriber delivers matching events after the change', function()
  startQA(BASIC)
  local got = {}
  local sub = RefreshStateSubscriber()
  sub:subscribe(function(e) return e.type == 'DevicePropertyUpdatedEvent' end, function(e) got[#got + 1] = e.data end)
  sub:run()
  quickApp:updateProperty('value', true)
  api.post('/globalVariables', {name = 'x', value = '1'})
  eq(got, {})
  advance(0)
  eq(got, {{id = 5555, property = 'value', newValue = true, oldValue = false}})
  sub:stop()
  quickApp:updateProperty('value', false)
  advance(0)
  eq(#got, 1)
end)

test('--%%u rows become viewLayout and uiView properties', function()
  startQA(BASIC)
  local p = api.get('/devices/5555').properties
  local items = p.viewLayout['$jason'].body.sections.items
  eq(#items, 2)
  eq(items[1].components[1], {name = 'b1', type = 'button', text = 'On', visible = true, style = {weight = '1.2'}})
  local group = items[2].components[1]
  eq(group.type, 'horizontal')
  eq(group.components[1].min, '0'); eq(group.components[1].style.weight, '0.50')
  eq(p.uiView[2].components[1].eventBinding.onChanged[1].params, {actionName = 'UIAction', args = {'onChanged', 's1', '$event.value'}})
  eq(quickApp.properties.uiView[1].components[1].name, 'b1')
  -- the new views call UIAction, which makes a UI event for the element
  output()
  fibaro.call(5555, 'UIAction', 'onChanged', 's1', 30)
  advance(0)
  local t = texts()
  eq(t[#t], 'level 30')
end)

test('--%%file includes run before the main chunk; a missing one stops the start', function()
  local dir = os.tmpname()
  os.remove(dir)
  local f = io.open(dir .. '.lua', 'w')
  f:write('included = (included or 0) + 1\nfunction helper() return "helped" end\n')
  f:close()
  startQA('--%%file:' .. dir .. '.lua,helper\nseenAtMain = included\nfunction QuickApp:onInit() self:debug(helper()) end\n')
  os.remove(dir .. '.lua')
  eq(seenAtMain, 1)
  eq(texts(), {'helped'})
end)

test('a missing --%%file stops the start with a clear error', function()
  local ok, err = pcall(startQA, '--%%file:/no/such/file.lua,x\n')
  eq(ok, false)
  eq(err, '--%%file: File not found: /no/such/file.lua')
end)

test('--%%file:$module includes a file found through package.path', function()
  local dir = os.tmpname()
  os.remove(dir)
  local f = io.open(dir .. '.lua', 'w')
  f:write('function fromModule() return "module helped" end\n')
  f:close()
  local folder, base = dir:match('^(.*)/([^/]+)$')
  local saved = package.path
  package.path = folder .. '/?.lua;' .. saved
  local ok, err = pcall(startQA, '--%%file:$' .. base .. '\nfunction QuickApp:onInit() self:debug(fromModule()) end\n')
  package.path = saved
  os.remove(dir .. '.lua')
  assert(ok, err)
  eq(texts(), {'module helped'})
  ok, err = pcall(startQA, '--%%file:$no.such.module\n')
  eq(ok, false)
  eq(err, '--%%file: Module not found: no.such.module (package.path)')
end)

-- A QuickApp with two children of different types, for group actions and lookups.
local FAMILY = [[
--%%name:Family
class 'Kid'(QuickAppChild)
function Kid:__init(dev) QuickAppChild.__init(self, dev) end
function Kid:turnOn() self:updateProperty('value', true) end
function QuickApp:turnOn() self:updateProperty('value', true) end
function QuickApp:onInit()
  self:initChildDevices({})
  a = self:createChildDevice({name = 'A', type = 'com.fibaro.binarySwitch'}, Kid)
  b = self:createChildDevice({name = 'B', type = 'com.fibaro.temperatureSensor'}, Kid)
end
]]

test('fibaro.callGroupAction runs the action on the devices the filters select', function()
  startQA(FAMILY)
  output()
  eq(fibaro.callGroupAction('turnOn', {args = {}, filters = {{filter = 'type', value = {'com.fibaro.binarySwitch'}}}}),
    {5555, 5556})
  eq(fibaro.getValue(5556, 'value'), false) -- asynchronous, as fibaro.call
  advance(0)
  eq(fibaro.getValue(5555, 'value'), true)
  eq(fibaro.getValue(5556, 'value'), true)
  assert(fibaro.getValue(5557, 'value') ~= true)
  eq(fibaro.callGroupAction('turnOn', {filters = {{filter = 'parentId', value = {5555}},
                                                  {filter = 'type', value = {'com.fibaro.temperatureSensor'}}}}), {5557})
  eq(fibaro.callGroupAction('turnOn', {filters = {{filter = 'id', value = {999}}}}), {})
  eq(fibaro.callGroupAction('turnOn', {args = {}}), nil) -- no filters: refused (400)
end)

test('fibaro.getIds, getRoomNameByDeviceID and the __fibaro_get helpers', function()
  startQA(FAMILY)
  eq(fibaro.getIds({{id = 1}, {id = 5555}, {name = 'x'}, 'y', {id = 5556}}), {5555, 5556})
  eq(fibaro.getIds(nil), {})
  eq(fibaro.getIds(api.get('/devices')), {5555, 5556, 5557})
  eq(fibaro.getRoomNameByDeviceID(5556), 'Default Room')
  eq(fibaro.getRoomNameByDeviceID(999), nil)
  local d, st = __fibaro_get_device(5556)
  eq({d.name, st}, {'A', 200})
  eq(select(2, __fibaro_get_device(999)), 404)
  eq(pcall(__fibaro_get_device, '5556'), false)
  eq(#__fibaro_get_devices(), 3)
  eq(__fibaro_get_devices_by_type('com.fibaro.temperatureSensor')[1].id, 5557)
  eq(__fibaro_get_device_property(5555, 'value'), {value = false, modified = api.get('/devices/5555').modified})
  api.post('/globalVariables', {name = 'G', value = 'v'})
  eq(__fibaro_get_global_variable('G').value, 'v')
  eq(__fibaro_get_room(219).name, 'Default Room')
  eq(__ternary(true, 1, 2), 1); eq(__ternary(nil, 1, 2), 2)
  local ok, err = pcall(__assert_type, 1, 'string')
  eq(ok, false)
  assert(err:find("Wrong parameter type, string required. Provided param '1' is type of number", 1, true), err)
  eq(__fibaroUseAsyncHandler(true), true)
  eq(fibaro.useAsyncHandler(false), true)
end)

test('__fibaro_add_debug_message logs and stores the message; __fibaroSleep follows the manual clock', function()
  startQA(BASIC)
  output()
  __fibaro_add_debug_message('T1', 'hello', 'warning')
  eq(lines(), {{'WARNING', 'T1', 'hello'}})
  local m = api.get('/debugMessages').messages[1]
  eq({m.type, m.tag, m.message}, {'warning', 'T1', 'hello'})
  local done
  setTimeout(function() __fibaroSleep(300); done = true end, 0)
  advance(200)
  eq(done, nil)
  advance(100)
  eq(done, true)
end)

test('alert logs a TRACE line and checks its type', function()
  startQA(BASIC)
  output()
  fibaro.alert('push', {2}, 'Door open')
  eq(lines(), {{'TRACE', 'QUICKAPP5555', 'alert (push) to [2]: Door open'}})
  local ok, err = pcall(fibaro.alert, 'sms', {2}, 'x')
  eq(ok, false)
  assert(err:find("alert type must be 'email', 'push' or 'simplePush'", 1, true), err)
end)

test('scene, profile and alarm stubs answer as an HC3 without those resources', function()
  startQA(BASIC)
  output()
  local seen = {}
  _PY.fibaro_api_hook = function(method, path) seen[#seen + 1] = method .. ' ' .. path; return nil, 200 end
  fibaro.scene('execute', {10, 11})
  fibaro.profile('activeProfile', 3)
  eq(seen, {'POST /scenes/10/execute', 'POST /scenes/11/execute', 'POST /profiles/activeProfile/3'})
  eq(pcall(fibaro.scene, 1, {}), false)
  eq(fibaro.getPartitions(), {})
  eq(fibaro.getPartitionArmState(1), nil)
  eq(fibaro.getHomeArmState(), 'disarmed')
  eq(fibaro.isHomeBreached(), false)
  eq(fibaro.isPartitionBreached(1), false)
  eq(fibaro.alarm(1, 'arm'), nil)
  eq(fibaro.getSceneVariable('x'), nil)
  eq(fibaro.setSceneVariable('x', 1), nil)
  eq(output(), '')
end)

test('wakeUpDeadDevice asks the Z-Wave controller (device 1) asynchronously', function()
  startQA(BASIC)
  output()
  local seen = {}
  _PY.fibaro_api_hook = function(method, path, data) seen[#seen + 1] = {method, path, data}; return nil, 202 end
  eq(fibaro.wakeUpDeadDevice(42), nil)
  -- device 1 is not in the offline home: a 404, nothing raised and nothing logged
  eq(output(), '')
  local r, st = api.post('/devices/1/action/wakeUpDeadDevice', {args = {42}})
  eq(st, 404)
end)

test('plugin.getProperty, getChildDevices, deleteDevice, restart', function()
  startQA(FAMILY .. "\ninits = 0\nlocal oi = QuickApp.onInit\nfunction QuickApp:onInit() inits = inits + 1; oi(self) end\n")
  eq(inits, 1)
  eq(plugin.getProperty(5555, 'quickAppVariables'), {})
  eq(plugin.getProperty(999, 'value'), nil)
  local kids = plugin.getChildDevices()
  eq({kids[1].id, kids[2].id}, {5556, 5557})
  eq(#plugin.getChildDevices(5556), 0)
  local _, st = plugin.deleteDevice(5557)
  eq(st, 200)
  eq(#plugin.getChildDevices(), 1)
  eq(select(2, plugin.deleteDevice(5557)), 404)
  local r = plugin.restart()
  eq(r, {status = true})
  eq(inits, 1) -- the restart runs after the current work, as on an HC3
  advance(0)
  eq(inits, 2)
  eq(quickApp.id, 5555)
end)

test('callAction, isTypeOf, registerUICallback(s), setupUICallbacks', function()
  startQA(BASIC .. "\nfunction QuickApp:add(a, b) self:debug('sum', a + b) end\nfunction QuickApp:other(ev) self:debug('other', ev.elementName) end\n")
  output()
  quickApp:callAction('add', 2, 3)
  eq(texts(), {'sum 5'}) -- callAction runs the method at once (actions from outside are queued)
  quickApp:callAction('nope')
  eq(lines(), {{'WARNING', 'QUICKAPP5555', "Class does not have 'nope' function defined - action ignored"}})
  quickApp:callAction('add', 1, nil)
  local l = lines()
  eq(l[1][1], 'ERROR')
  eq(quickApp:isTypeOf('com.fibaro.binarySwitch'), true)
  eq(quickApp:isTypeOf('com.fibaro.player'), false)
  quickApp:registerUICallback('b2', 'onReleased', 'other')
  quickApp:UIAction('onReleased', 'b2') -- runs at once
  eq(texts(), {'other b2'})
  quickApp.uiCallbacks = {}
  quickApp:setupUICallbacks() -- from properties.uiCallbacks (the --%%u rows)
  eq(quickApp.uiCallbacks.b1.onReleased, 'turnOn')
  eq(quickApp.uiCallbacks.s1, {onChanged = 'level'})
  quickApp.uiCallbacks = {}
  quickApp:registerUICallbacks()
  eq(quickApp.uiCallbacks.s1, {onChanged = 'level'})
end)

test('RefreshStateSubscriber:unsubscribe stops the deliveries', function()
  startQA(BASIC)
  local got = {}
  local s = RefreshStateSubscriber()
  local sub = s:subscribe(function(e) return e.type == 'DevicePropertyUpdatedEvent' end, function(e) got[#got + 1] = e.data.newValue end)
  s:run()
  quickApp:updateProperty('value', 1)
  advance(0)
  eq(got, {1})
  s:unsubscribe(sub)
  quickApp:updateProperty('value', 2)
  advance(0)
  eq(got, {1})
end)

test('--%%time starts the QuickApp clock at that date: os.time/os.date, the console, the model', function()
  startQA([[
--%%name:Clock
--%%time:2030/01/02 03:04:05
function QuickApp:onInit()
  stamp = os.date('%Y/%m/%d %H:%M:%S')
  fixed = os.date('%Y-%m-%d', os.time({year = 2001, month = 2, day = 3, hour = 12}))
  self:debug('hello')
end
]])
  eq(stamp:sub(1, 16), '2030/01/02 03:04')
  eq(fixed, '2001-02-03')
  local t = os.time({year = 2030, month = 1, day = 2, hour = 3, min = 4, sec = 5})
  assert(math.abs(os.time() - t) <= 2, 'os.time() is the emulated time')
  local out = output()
  assert(out:find('[02.01.2030] [03:04:0', 1, true) and out:find('hello', 1, true), out)
  local dev = api.get('/devices/' .. plugin.mainDeviceId)
  assert(math.abs(dev.modified - t) <= 2, 'device timestamps follow: ' .. tostring(dev.modified))
end)

test('a malformed --%%time is a warning and the clock stays real', function()
  startQA('--%%time:next tuesday\nfunction QuickApp:onInit() year = os.date("%Y") end\n')
  assert(tonumber(year) < 2100)
end)
