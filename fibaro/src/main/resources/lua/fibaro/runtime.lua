-- The QuickApp runtime of `--fibaro` (docs/fibaro.md): HC3's QuickApp classes and global API
-- (fibaro, api, hub, plugin, class, QuickAppBase, QuickApp, QuickAppChild) on the offline HC3
-- held in Java (Hc3Model/Hc3Api). Written for JEPLua after Fibaro's manuals and the facts in
-- shared/reference/fibaro-quickapp.md; loaded by FibaroLib with its host table as argument:
--   host.api(method, path, bodyJson) -> status, bodyJson   the REST dispatcher (no HTTP)
--   host.register(specJson) -> deviceJson                   creates (or finds again) the QA's device
--   host.message(type, tag, text)                           stores a debug message
--   host.handlers(onAction, onUIEvent, onRestart)           how Java hands work to the QAs
--   host.warn(text)                                         a line on stderr
--   host.desktop()                                          the desktop-window module (desktop.lua, loaded on first call)
--   host.saveFqa(file, deviceId)                            --%%save: writes the QuickApp as a .fqa file
local host = ...

local rawprint = print
local format, concat, select, tostring, type = string.format, table.concat, select, tostring, type
local sleep, setTimeout, clearTimeout = sleep, setTimeout, clearTimeout

-------------------------------------------------------------------------------- helpers

local function copy(v)
  if type(v) ~= 'table' then return v end
  local t = {}
  for k, x in pairs(v) do t[k] = copy(x) end
  return setmetatable(t, getmetatable(v))
end

local function array(t)
  return json.array(t or {})
end

-- string helpers HC3 adds (QALuaReference)
function string.split(s, sep)
  local out = {}
  sep = sep or ' '
  for part in (s .. sep):gmatch('(.-)' .. sep:gsub('%p', '%%%0')) do
    if part ~= '' then out[#out + 1] = part end
  end
  return out
end
function string.starts(s, prefix) return s:sub(1, #prefix) == prefix end

json.util = json.util or {}
json.util.InitArray = function(t) return json.array(t) end

-------------------------------------------------------------------------------- logging

local LEVELS = {debug = 'DEBUG', trace = 'TRACE', warning = 'WARNING', error = 'ERROR'}

local function joinArgs(...)
  local n = select('#', ...)
  local parts = {}
  for i = 1, n do parts[i] = tostring((select(i, ...))) end
  return concat(parts, ' ')
end

-- HC3's console line: [DD.MM.YYYY] [HH:MM:SS] [LEVEL] [TAG]: text
local function log(kind, tag, ...)
  if type(tag) ~= 'string' then
    error(format("Wrong parameter type, string required. Provided param '%s' is type of %s", tostring(tag), type(tag)), 3)
  end
  local text = joinArgs(...)
  rawprint(format('[%s] [%s] [%s] [%s]: %s', os.date('%d.%m.%Y'), os.date('%H:%M:%S'), LEVELS[kind], tag, text))
  host.message(kind, tag, text)
end

-------------------------------------------------------------------------------- api, hub, plugin

api = {}
local function call(method, path, data)
  local body = nil
  if data ~= nil then body = json.encode(data) end
  local status, text = host.api(method, path, body)
  local value = nil
  if text ~= nil and text ~= 'null' and text ~= '' then value = json.decode(text) end
  return value, status
end
function api.get(path) return call('GET', path) end
function api.post(path, data) return call('POST', path, data) end
function api.put(path, data) return call('PUT', path, data) end
function api.delete(path) return call('DELETE', path) end

function __assert_type(value, typ)
  if type(value) ~= typ then
    error(format("Wrong parameter type, %s required. Provided param '%s' is type of %s", typ, tostring(value), type(value)), 3)
  end
end
function __ternary(c, a, b) if c then return a else return b end end
function __fibaro_get_device(id) __assert_type(id, 'number'); return api.get('/devices/' .. id) end
function __fibaro_get_devices() return api.get('/devices') end
function __fibaro_get_device_property(id, prop) return api.get('/devices/' .. id .. '/properties/' .. prop) end
function __fibaro_get_global_variable(name) return api.get('/globalVariables/' .. name) end
function __fibaro_get_room(id) return api.get('/rooms/' .. id) end
function __fibaro_get_devices_by_type(t) return api.get('/devices?type=' .. t) end
function __fibaroSleep(ms) sleep(ms) end
function __fibaroUseAsyncHandler(_) return true end
function __fibaro_add_debug_message(tag, msg, typ) log(typ or 'debug', tag, msg) end

fibaro = {}
hub = fibaro

function fibaro.debug(tag, ...) log('debug', tag, ...) end
function fibaro.trace(tag, ...) log('trace', tag, ...) end
function fibaro.warning(tag, ...) log('warning', tag, ...) end
function fibaro.error(tag, ...) log('error', tag, ...) end

-- HC3 (fw >= 5.031.33): asynchronous, no return value
function fibaro.call(ids, action, ...)
  __assert_type(action, 'string')
  if type(ids) == 'table' then
    for _, id in ipairs(ids) do fibaro.call(id, action, ...) end
    return
  end
  __assert_type(ids, 'number')
  api.post('/devices/' .. ids .. '/action/' .. action, {args = array({...})})
end
function fibaro.callGroupAction(action, data)
  local res, status = api.post('/devices/groupAction/' .. action, data)
  if status == 202 and res then return res.devices end
  return nil
end
function fibaro.get(id, prop)
  __assert_type(id, 'number'); __assert_type(prop, 'string')
  local r = api.get('/devices/' .. id .. '/properties/' .. prop)
  if r == nil then return nil end
  return r.value, r.modified
end
function fibaro.getValue(id, prop) return (fibaro.get(id, prop)) end
local function field(id, key)
  __assert_type(id, 'number')
  local d = api.get('/devices/' .. id)
  return d and d[key]
end
function fibaro.getType(id) return field(id, 'type') end
function fibaro.getName(id) return field(id, 'name') end
function fibaro.getRoomID(id) return field(id, 'roomID') end
function fibaro.getSectionID(id)
  local room = fibaro.getRoomID(id)
  if room == nil then return nil end
  local r = api.get('/rooms/' .. room)
  return r and r.sectionID
end
function fibaro.getRoomName(roomId)
  __assert_type(roomId, 'number')
  local r = api.get('/rooms/' .. roomId)
  return r and r.name
end
function fibaro.getRoomNameByDeviceID(id)
  local room = fibaro.getRoomID(id)
  return room and fibaro.getRoomName(room)
end
function fibaro.getIds(devices)
  local ids = {}
  for _, d in ipairs(devices or {}) do
    if type(d) == 'table' and type(d.id) == 'number' and d.id > 3 then ids[#ids + 1] = d.id end
  end
  return ids
end
local function urlencode(s)
  return (tostring(s):gsub('[^%w%-%._~%[%],]', function(c) return format('%%%02X', c:byte()) end))
end
function fibaro.getDevicesID(filter)
  if type(filter) ~= 'table' or next(filter) == nil then return fibaro.getIds(api.get('/devices')) end
  local q = {}
  for k, v in pairs(filter) do
    if k == 'properties' and type(v) == 'table' then
      for p, pv in pairs(v) do
        if pv == 'nil' then q[#q + 1] = 'property=' .. urlencode(p)
        else q[#q + 1] = 'property=' .. urlencode('[' .. p .. ',' .. tostring(pv) .. ']') end
      end
    elseif k == 'interfaces' and type(v) == 'table' then
      for _, i in ipairs(v) do q[#q + 1] = 'interface=' .. urlencode(i) end
    else
      q[#q + 1] = urlencode(k) .. '=' .. urlencode(tostring(v))
    end
  end
  table.sort(q)
  return fibaro.getIds(api.get('/devices?' .. concat(q, '&')))
end
function fibaro.getGlobalVariable(name)
  __assert_type(name, 'string')
  local g = api.get('/globalVariables/' .. name)
  if g == nil or g.type == 'ERROR' then return nil end
  return g.value, g.modified
end
function fibaro.setGlobalVariable(name, value)
  __assert_type(name, 'string'); __assert_type(value, 'string')
  local _, status = api.put('/globalVariables/' .. name, {value = value, invokeScenes = true})
  return status
end
function fibaro.emitCustomEvent(name)
  __assert_type(name, 'string')
  api.post('/customEvents/' .. name)
end
function fibaro.sleep(ms) sleep(ms) end
function fibaro.setTimeout(ms, fn, errorHandler)
  __assert_type(ms, 'number'); __assert_type(fn, 'function')
  return setTimeout(function()
    local ok, err = pcall(fn)
    if not ok then
      if errorHandler then errorHandler(err) else fibaro.error(__TAG, err) end
    end
  end, ms)
end
function fibaro.clearTimeout(ref) clearTimeout(ref) end
function fibaro.useAsyncHandler(_) return true end
function fibaro.wakeUpDeadDevice(id) fibaro.call(1, 'wakeUpDeadDevice', id) end
-- Stubs answering as an HC3 without scenes, profiles or alarm partitions.
function fibaro.scene(action, ids)
  __assert_type(action, 'string')
  for _, id in ipairs(ids or {}) do api.post('/scenes/' .. id .. '/' .. action) end
end
function fibaro.profile(action, id) api.post('/profiles/' .. tostring(action) .. '/' .. tostring(id)) end
function fibaro.getPartitions() return {} end
function fibaro.getPartitionArmState(_) return nil end
function fibaro.getHomeArmState() return 'disarmed' end
function fibaro.isHomeBreached() return false end
function fibaro.isPartitionBreached(_) return false end
function fibaro.alarm(_, _) return nil end
function fibaro.alert(kind, ids, text)
  if kind ~= 'email' and kind ~= 'push' and kind ~= 'simplePush' then
    error("Wrong parameter type, alert type must be 'email', 'push' or 'simplePush'", 2)
  end
  fibaro.trace(__TAG, 'alert (' .. kind .. ') to ' .. json.encode(ids or {}) .. ': ' .. tostring(text))
end
function fibaro.getSceneVariable(_) return nil end
function fibaro.setSceneVariable(_, _) end

plugin = {mainDeviceId = nil}
function plugin.getDevice(id) return api.get('/devices/' .. id) end
function plugin.deleteDevice(id) return api.delete('/devices/' .. id) end
function plugin.restart(id) return api.post('/plugins/restart', {deviceId = id or plugin.mainDeviceId}) end
function plugin.getProperty(id, prop)
  local d = api.get('/devices/' .. id)
  return d and d.properties and d.properties[prop]
end
function plugin.getChildDevices(id) return api.get('/devices?parentId=' .. (id or plugin.mainDeviceId)) end
function plugin.createChildDevice(opts) return api.post('/plugins/createChildDevice', opts) end

-------------------------------------------------------------------------------- class

function class(name)
  local cls = {__name = name}
  cls.__index = cls
  local meta = {
    __call = function(c, ...)
      local obj = setmetatable({}, c)
      local init = c.__init
      if init then init(obj, ...) end
      return obj
    end,
    __tostring = function() return 'class ' .. name end,
  }
  setmetatable(cls, meta)
  _G[name] = cls
  return function(base)
    meta.__index = base
    -- metamethods are looked up raw on the metatable: copy the base's
    for _, mm in ipairs({'__tostring', '__eq', '__lt', '__le', '__concat', '__len'}) do
      if rawget(cls, mm) == nil and base[mm] ~= nil then cls[mm] = base[mm] end
    end
    return cls
  end
end

-------------------------------------------------------------------------------- QuickAppBase

local registry = {}   -- device id -> QuickApp or child object
local mainQA = nil    -- the QuickApp object (before `quickApp` is set, during onInit)

class 'QuickAppBase'

function QuickAppBase:__init(dev)
  self.id = dev.id
  self.name = dev.name
  self.type = dev.type
  self.enabled = dev.enabled
  self.parentId = dev.parentId
  self.roomID = dev.roomID
  self.interfaces = copy(dev.interfaces or {})
  self.properties = copy(dev.properties or {})
  self.uiCallbacks = {}
  self:registerUICallbacks()
  registry[self.id] = self
end

function QuickAppBase:debug(...) fibaro.debug(__TAG, ...) end
function QuickAppBase:trace(...) fibaro.trace(__TAG, ...) end
function QuickAppBase:warning(...) fibaro.warning(__TAG, ...) end
function QuickAppBase:error(...) fibaro.error(__TAG, ...) end

function QuickAppBase:updateProperty(name, value)
  __assert_type(name, 'string')
  self.properties[name] = copy(value)
  api.post('/plugins/updateProperty', {deviceId = self.id, propertyName = name, value = value})
end

function QuickAppBase:updateView(element, property, value)
  __assert_type(element, 'string'); __assert_type(property, 'string')
  api.post('/plugins/updateView', {deviceId = self.id, componentName = element, propertyName = property, newValue = value})
end

function QuickAppBase:getVariable(name)
  __assert_type(name, 'string')
  for _, v in ipairs(self.properties.quickAppVariables or {}) do
    if v.name == name then return v.value end
  end
  return ''
end

function QuickAppBase:setVariable(name, value)
  __assert_type(name, 'string')
  local list = copy(self.properties.quickAppVariables or {})
  local found = false
  for _, v in ipairs(list) do
    if v.name == name then v.value = value; found = true; break end
  end
  if not found then list[#list + 1] = {name = name, value = value} end
  self:updateProperty('quickAppVariables', array(list))
end

function QuickAppBase:internalStorageSet(key, value, isHidden)
  __assert_type(key, 'string')
  local data = {name = key, value = value, isHidden = isHidden and true or false}
  local _, status = api.put('/plugins/' .. self.id .. '/variables/' .. key, data)
  if status > 206 then
    local _, st = api.post('/plugins/' .. self.id .. '/variables', data)
    return st
  end
end

function QuickAppBase:internalStorageGet(key)
  if key == nil then
    local all = {}
    for _, item in ipairs(api.get('/plugins/' .. self.id .. '/variables') or {}) do all[item.name] = item.value end
    return all
  end
  local item, status = api.get('/plugins/' .. self.id .. '/variables/' .. key)
  if status ~= 200 then return nil end
  return item.value
end

function QuickAppBase:internalStorageRemove(key)
  local _, status = api.delete('/plugins/' .. self.id .. '/variables/' .. key)
  return status
end

function QuickAppBase:internalStorageClear()
  local _, status = api.delete('/plugins/' .. self.id .. '/variables')
  return status
end

function QuickAppBase:setName(name)
  __assert_type(name, 'string')
  api.put('/devices/' .. self.id, {name = name})
  self.name = name
end
function QuickAppBase:setEnabled(enabled)
  __assert_type(enabled, 'boolean')
  api.put('/devices/' .. self.id, {enabled = enabled})
  self.enabled = enabled
end
function QuickAppBase:setVisible(visible)
  __assert_type(visible, 'boolean')
  api.put('/devices/' .. self.id, {visible = visible})
end

function QuickAppBase:hasInterface(name)
  for _, i in ipairs(self.interfaces) do if i == name then return true end end
  return false
end
function QuickAppBase:addInterfaces(list)
  __assert_type(list, 'table')
  api.post('/plugins/interfaces', {action = 'add', deviceId = self.id, interfaces = array(copy(list))})
  for _, i in ipairs(list) do if not self:hasInterface(i) then self.interfaces[#self.interfaces + 1] = i end end
end
function QuickAppBase:deleteInterfaces(list)
  __assert_type(list, 'table')
  api.post('/plugins/interfaces', {action = 'delete', deviceId = self.id, interfaces = array(copy(list))})
  for _, gone in ipairs(list) do
    for k = #self.interfaces, 1, -1 do if self.interfaces[k] == gone then table.remove(self.interfaces, k) end end
  end
end
function QuickAppBase:isTypeOf(t) return self.type == t end

function QuickAppBase:registerUICallback(element, eventType, method)
  self.uiCallbacks[element] = self.uiCallbacks[element] or {}
  self.uiCallbacks[element][eventType] = method
end
function QuickAppBase:registerUICallbacks()
  for _, cb in ipairs(self.properties.uiCallbacks or {}) do
    self:registerUICallback(cb.name, cb.eventType, cb.callback)
  end
end
QuickAppBase.setupUICallbacks = QuickAppBase.registerUICallbacks

-- Dispatches an incoming action to the method of that name (HC3: every method is an action).
function QuickAppBase:callAction(name, ...)
  local method = self[name]
  if type(method) ~= 'function' then
    self:warning("Class does not have '" .. tostring(name) .. "' function defined - action ignored")
    return
  end
  local ok, err = pcall(method, self, ...)
  if not ok then self:error(err) end
end

function QuickAppBase:UIAction(eventType, element, value)
  local event = {deviceId = self.id, eventType = eventType, elementName = element, values = array(value ~= nil and {value} or {})}
  onUIEvent(self.id, event)
end

-------------------------------------------------------------------------------- QuickApp, QuickAppChild

class 'QuickApp'(QuickAppBase)

function QuickApp:__init(dev)
  QuickAppBase.__init(self, dev)
  self.childDevices = {}
end

-- options: {name, type, initialProperties, initialInterfaces}; cls defaults to QuickAppChild
function QuickApp:createChildDevice(options, cls)
  __assert_type(options, 'table')
  local req = copy(options)
  req.parentId = self.id
  req.initialInterfaces = array(req.initialInterfaces)
  local dev, status = api.post('/plugins/createChildDevice', req)
  if status ~= 200 then error('createChildDevice failed: ' .. json.encode(dev), 2) end
  local child = (cls or QuickAppChild)(dev)
  self.childDevices[dev.id] = child
  return child
end

-- map: device type -> class; existing children without a class in the map become QuickAppChild
function QuickApp:initChildDevices(map)
  self._childrenInitialized = true
  for _, dev in ipairs(api.get('/devices?parentId=' .. self.id) or {}) do
    if not self.childDevices[dev.id] then
      local cls = (map or {})[dev.type] or QuickAppChild
      self.childDevices[dev.id] = cls(dev)
    end
  end
end

function QuickApp:removeChildDevice(id)
  __assert_type(id, 'number')
  api.delete('/plugins/removeChildDevice/' .. id)
  self.childDevices[id] = nil
  registry[id] = nil
end

class 'QuickAppChild'(QuickAppBase)

function QuickAppChild:__init(dev)
  QuickAppBase.__init(self, dev)
  self.parent = mainQA
  if self.onInit then self:onInit() end
end

-------------------------------------------------------------------------------- RefreshStateSubscriber

-- HC3's refreshStates events inside the QuickApp: subscribe(filter, handler) -> subscription,
-- unsubscribe(subscription), run() starts delivery, stop() ends it. Events come from the
-- offline HC3 of this process, each after the work that caused it; handlers get the whole event
-- {type, created, data}.
local subscribers = {}  -- the running subscribers (a set)

class 'RefreshStateSubscriber'

function RefreshStateSubscriber:__init()
  self.subscriptions = {}
end
function RefreshStateSubscriber:subscribe(filter, handler)
  __assert_type(filter, 'function'); __assert_type(handler, 'function')
  local sub = {filter = filter, handler = handler}
  self.subscriptions[sub] = true
  return sub
end
function RefreshStateSubscriber:unsubscribe(sub) self.subscriptions[sub] = nil end
function RefreshStateSubscriber:run() subscribers[self] = true end
function RefreshStateSubscriber:stop() subscribers[self] = nil end
function RefreshStateSubscriber:_deliver(event)
  for sub in pairs(self.subscriptions) do
    local ok, match = pcall(sub.filter, event)
    if ok and match then
      local fine, err = pcall(sub.handler, event)
      if not fine then fibaro.error(__TAG, err) end
    end
  end
end

-------------------------------------------------------------------------------- incoming calls

function onAction(id, event)
  if mainQA == nil then return end
  if mainQA.actionHandler then return mainQA:actionHandler(event) end
  local target = registry[id]
  if target == nil then
    fibaro.warning(__TAG, 'Child with id:' .. tostring(id) .. ' not found')
    return
  end
  target:callAction(event.actionName, table.unpack(event.args or {}, 1, event.args and #event.args or 0))
end

function onUIEvent(id, event)
  if mainQA == nil then return end
  if mainQA.UIHandler then return mainQA:UIHandler(event) end
  local target = registry[id] or mainQA
  local callbacks = target.uiCallbacks[event.elementName]
  if callbacks == nil then
    fibaro.warning(__TAG, 'UI callback for element ' .. tostring(event.elementName) .. ' not found.')
    return
  end
  local method = callbacks[event.eventType]
  if method == nil or method == '' then
    fibaro.warning(__TAG, 'UI callback for ' .. tostring(event.elementName) .. ' ' .. tostring(event.eventType) .. ' not found.')
    return
  end
  target:callAction(method, event)
end

host.handlers(
  function(id, name, argsJson)
    local args = json.decode(argsJson)
    local event = {deviceId = id, actionName = name, args = args}
    setTimeout(function()
      fibaro.debug(__TAG, 'onAction: ' .. json.encode(event))
      onAction(id, event)
    end, 0)
  end,
  function(id, eventJson)
    local event = json.decode(eventJson)
    setTimeout(function()
      fibaro.debug(__TAG, 'UIEvent: ' .. json.encode(event))
      onUIEvent(id, event)
    end, 0)
  end,
  function(id)
    setTimeout(function()
      if mainQA == nil or mainQA.id ~= id then return end
      fibaro.trace(__TAG, 'Restarting QuickApp')
      local dev = api.get('/devices/' .. id)
      mainQA = nil
      quickApp = nil
      local qa = QuickApp(dev)
      mainQA = qa
      if qa.onInit then qa:onInit() end
      if not qa._childrenInitialized then qa:initChildDevices() end
      quickApp = qa
    end, 0)
  end,
  function(id) return registry[id] ~= nil end,
  function(eventJson)
    if next(subscribers) == nil then return end
    local event = json.decode(eventJson)
    setTimeout(function()
      for s in pairs(subscribers) do s:_deliver(event) end
    end, 0)
  end)

-------------------------------------------------------------------------------- start-up

-- --%%u rows -> properties.uiCallbacks (shared/reference/fibaro-quickapp.md 5.1)
local HANDLERS = {
  button = {'onReleased', 'onLongPressDown', 'onLongPressReleased'},
  switch = {'onReleased', 'onLongPressDown', 'onLongPressReleased'},
  slider = {'onChanged'},
  select = {'onToggled'},
  multi = {'onToggled'},
  label = {},
}
local function uiCallbacks(rows)
  local list = {}
  for _, row in ipairs(rows) do
    local elements = row[1] and row or {row}
    for _, e in ipairs(elements) do
      for kind, events in pairs(HANDLERS) do
        if e[kind] then
          for _, ev in ipairs(events) do
            list[#list + 1] = {name = e[kind], eventType = ev, callback = e[ev] or ''}
          end
        end
      end
    end
  end
  return array(list)
end

-- --%%u rows -> viewLayout (the "$jason" layout of HC3 exports) and uiView (the new views,
-- whose bindings call the UIAction action); shared/reference/fibaro-quickapp.md 5.2
local KIND_TYPE = {label = 'label', button = 'button', switch = 'switch', slider = 'slider', select = 'select', multi = 'select'}
local function elementOf(e)
  for kind, typ in pairs(KIND_TYPE) do
    if e[kind] then return kind, typ, e[kind] end
  end
end
local function layoutElement(e, weight)
  local kind, typ, name = elementOf(e)
  if not kind then return nil end
  local c = {name = name, type = typ, text = tostring(e.text or ''), visible = e.visible ~= false, style = {weight = weight}}
  if kind == 'slider' then
    c.min, c.max, c.step, c.value = tostring(e.min or '0'), tostring(e.max or '100'), tostring(e.step or '1'), tostring(e.value or '0')
  elseif kind == 'switch' then
    c.value = tostring(e.value or 'false')
  elseif kind == 'select' or kind == 'multi' then
    c.selectionType = kind == 'multi' and 'multi' or 'single'
    c.options = array(copy(e.options or {}))
    c.values = array(copy(e.values or (e.value and {e.value}) or {}))
  end
  return c, kind
end
local function viewProperties(rows, id)
  local items, uiView = {}, {}
  for _, row in ipairs(rows) do
    local elements = row[1] and row or {row}
    local weight = #elements == 1 and '1.2' or format('%.2f', 1 / #elements)
    local comps, viewComps = {}, {}
    for _, e in ipairs(elements) do
      local c, kind = layoutElement(e, weight)
      if c then
        comps[#comps + 1] = c
        local v = {name = c.name, type = c.type, style = {weight = format('%.1f', 1 / #elements)}}
        if kind ~= 'label' then v.text = c.text end
        local binding = {}
        for _, ev in ipairs(HANDLERS[kind]) do
          local args = {ev, c.name}
          if kind ~= 'button' then args[3] = '$event.value' end
          binding[ev] = {{type = 'deviceAction', params = {actionName = 'UIAction', args = args}}}
        end
        if next(binding) then v.eventBinding = binding end
        viewComps[#viewComps + 1] = v
      end
    end
    local inner = #comps == 1 and comps[1] or {type = 'horizontal', style = {weight = '1.2'}, components = comps}
    items[#items + 1] = {type = 'vertical', style = {weight = '1.2'}, components = {inner, {type = 'space', style = {weight = '0.5'}}}}
    uiView[#uiView + 1] = {type = 'horizontal', style = {weight = '1.0'}, components = viewComps}
  end
  local title = 'quickApp_device_' .. id
  return {['$jason'] = {head = {title = title},
                        body = {header = {style = {height = '0'}, title = title}, sections = {items = array(items)}}}},
         array(uiView)
end

local function evaluate(what, src)
  local env = setmetatable({env = setmetatable({}, {__index = function(_, k) return os.getenv(k) end}),
                            config = _PY and _PY.config or {}}, {__index = _G})
  local fn, err = load('return ' .. src, '=' .. what, 't', env)
  if not fn then host.warn('Invalid header ' .. what .. ': ' .. src .. ' (' .. err .. ')'); return nil, false end
  local ok, value = pcall(fn)
  if not ok then host.warn('Invalid header ' .. what .. ': ' .. src .. ' (' .. tostring(value) .. ')'); return nil, false end
  return value, true
end

-- --%%time: os.time() and os.date() without a time argument (and so the console timestamps)
-- read the emulated clock, `offset` seconds from the real one; times passed in are left alone.
local function shiftClock(offset)
  local time, date = os.time, os.date
  os.time = function(t)
    if t == nil then return time() + offset end
    return time(t)
  end
  os.date = function(fmt, t)
    if t == nil then t = time() + offset end
    return date(fmt or '%c', t)
  end
end

-- Called by FibaroLib as the main chunk of a `--fibaro` run: headers (a table made from
-- QaHeaders; from a .fqa also `properties`, `interfaceList` and `sources`, see FqaFile), the
-- compiled main chunk and its arguments.
function host.start(h, main, ...)
  if h.timeOffset then shiftClock(h.timeOffset) end
  local vars, known = {}, {}
  for _, v in ipairs(h.properties and h.properties.quickAppVariables or {}) do -- a .fqa's, first
    vars[#vars + 1] = {name = v.name, value = v.value}
    known[v.name] = true
  end
  for _, v in ipairs(h.vars) do
    local value, ok = evaluate('var', v.expr)
    if ok and not known[v.name] then vars[#vars + 1] = {name = v.name, value = value} end
  end
  local rows = {}
  for _, src in ipairs(h.ui) do
    local row, ok = evaluate('u', src)
    if ok and type(row) == 'table' then rows[#rows + 1] = row end
  end
  local interfaces = {}
  if h.interfaces then interfaces = evaluate('interfaces', h.interfaces) or {} end
  for _, i in ipairs(h.interfaceList or {}) do interfaces[#interfaces + 1] = i end
  local props = copy(h.properties or {}) -- a .fqa's initialProperties; the headers win
  props.quickAppVariables = array(vars)
  if #rows > 0 or not props.uiCallbacks then props.uiCallbacks = uiCallbacks(rows) end
  if h.description then props.userDescription = h.description end
  if h.uid then props.quickAppUuid = h.uid end
  if h.manufacturer then props.manufacturer = h.manufacturer end
  if h.model then props.model = h.model end
  local spec = {name = h.name, type = h.type or 'com.fibaro.binarySwitch', interfaces = array(interfaces), properties = props}
  local dev = json.decode(host.register(json.encode(spec)))
  if #rows > 0 then
    local layout, view = viewProperties(rows, dev.id)
    api.put('/devices/' .. dev.id, {properties = {viewLayout = layout, uiView = view}})
    dev = api.get('/devices/' .. dev.id)
  end
  plugin.mainDeviceId = dev.id
  __TAG = 'QUICKAPP' .. dev.id
  -- --%%file:$mod.name,... : a module found through package.path, as require finds it
  for _, f in ipairs(h.files) do
    if f.path:sub(1, 1) == '$' then
      local found = package.searchpath(f.path:sub(2), package.path)
      if not found then error('--%%file: Module not found: ' .. f.path:sub(2) .. ' (package.path)', 0) end
      f.path = found
    end
  end
  if h.save then host.saveFqa(h.save, dev.id) end
  for _, f in ipairs(h.sources or {}) do -- a .fqa's other files, in its order
    local fn, err = load(f.source, '@' .. f.name)
    if not fn then error(err, 0) end
    fn()
  end
  for _, f in ipairs(h.files) do
    local fn, err = loadfile(f.path)
    if not fn then
      if err:find('No such file') or err:find('cannot open') then error('--%%file: File not found: ' .. f.path, 0) end
      error(err, 0)
    end
    fn()
  end
  main(...)
  -- as on an HC3: the QuickApp object is created after the files ran, then onInit, then
  -- the children; `quickApp` is set when onInit has returned
  local qa = QuickApp(dev)
  mainQA = qa
  if qa.onInit then
    local ok, err = xpcall(qa.onInit, debug.traceback, qa)
    if not ok then fibaro.error(__TAG, 'QuickApp crashed'); fibaro.error(__TAG, err) end
  end
  if not qa._childrenInitialized then qa:initChildDevices() end
  quickApp = qa
  -- --%%desktop:true (or --desktop): the --%%u rows in a native window, a window per child
  -- device (fibaro/desktop.lua)
  local config = _PY and _PY.config or {}
  if h.desktop or config.desktop then
    host.desktop().openQuickApp(api.get('/devices/' .. dev.id), rows, {
      gui = _PY,
      post = api.post,
      get = api.get,
      warn = host.warn,
      subscribe = function(handler)
        local s = RefreshStateSubscriber()
        s:subscribe(function() return true end, handler)
        s:run()
      end,
    })
  end
end

-- print inside a QuickApp is fibaro.debug(__TAG, ...) (HC3)
function print(...) log('debug', __TAG or 'QUICKAPP', ...) end
