-- The QuickApp's `--%%u` UI in a native window (`--%%desktop:true` or `--desktop`; docs/fibaro.md
-- "Desktop window"). Pure mapping functions plus `open`, which drives the native-window functions
-- of the gui module (`_PY.createNativeWindow`, `setNativeUI`, `setNativeCallback`,
-- `updateElement`, README "Native windows") given to it as `gui`, so the fibaro module needs no
-- Swing and the spec tests can pass a recording fake. Loaded by FibaroLib; runtime.lua gets the
-- module as `host.desktop()` (compiled on its first call).
local M = {}

local HEADER = '__qa_header'

-- the kind of a --%%u element (its naming key) and its name
local KINDS = {'label', 'button', 'switch', 'slider', 'select', 'multi'}
local function kindOf(e)
  for _, k in ipairs(KINDS) do
    if e[k] ~= nil then return k, tostring(e[k]) end
  end
end
M.kindOf = kindOf

-- HC3 select options are {type='option', text=, value=}; plain strings are accepted too
local function optionList(options)
  local texts, byText, byValue = {}, {}, {}
  for i, o in ipairs(options or {}) do
    local text, value
    if type(o) == 'table' then
      text, value = tostring(o.text or o.value or i), o.value
      if value == nil then value = text end
    else
      text, value = tostring(o), o
    end
    texts[#texts + 1] = text
    byText[text] = value
    byValue[tostring(value)] = text
  end
  return {texts = texts, byText = byText, byValue = byValue}
end
M.optionList = optionList

local function truthy(v) return v == true or v == 'true' end

-- one --%%u element -> {native element, state}; state keeps what events and updates need
local function element(e)
  local kind, name = kindOf(e)
  if not kind then return nil end
  local text = tostring(e.text or '')
  local state = {kind = kind, name = name}
  local n
  if kind == 'label' then
    n = {type = 'label', id = name, text = text, html = true}
  elseif kind == 'button' then
    n = {type = 'button', id = name, text = text}
  elseif kind == 'switch' then
    n = {type = 'switch', id = name, text = text, value = truthy(e.value)}
  elseif kind == 'slider' then
    n = {type = 'slider', id = name, text = text, min = math.floor(tonumber(e.min) or 0),
         max = math.floor(tonumber(e.max) or 100), step = math.floor(tonumber(e.step) or 1),
         value = math.floor(tonumber(e.value) or 0)}
  elseif kind == 'select' then
    state.options = optionList(e.options)
    n = {type = 'dropdown', id = name, text = text, options = state.options.texts}
    local sel = e.value ~= nil and state.options.byValue[tostring(e.value)]
    if sel then n.value = sel end
  else -- multi
    state.options = optionList(e.options)
    local values = {}
    for _, v in ipairs(e.values or {}) do
      local t = state.options.byValue[tostring(v)]
      if t then values[#values + 1] = t end
    end
    n = {type = 'multiselect', id = name, text = text, options = state.options.texts, values = values,
         height = math.min(#state.options.texts, 5)}
  end
  if e.visible == false then n.visible = false end
  return n, state
end

--- The header line: the device's name and id, then its value and state properties when set.
function M.headerText(device, props)
  local parts = {'<b>' .. tostring(device.name) .. '</b> (' .. tostring(device.id) .. ')'}
  for _, p in ipairs({'value', 'state'}) do
    local v = props[p]
    if v ~= nil then
      parts[#parts + 1] = p .. ': ' .. (type(v) == 'table' and json.encode(v) or tostring(v))
    end
  end
  return table.concat(parts, ' &nbsp; ')
end

--- The native layout of --%%u `rows` for `device` ({id, name, properties}): a header label, then
--- one element per row, several side by side in a horizontal frame. Returns the layout table and
--- the element states by name.
function M.layout(rows, device)
  local elements = {{type = 'label', id = HEADER, text = M.headerText(device, device.properties or {}), html = true},
                    {type = 'separator'}}
  local states = {}
  for _, row in ipairs(rows) do
    local list = row[1] and row or {row}
    local children = {}
    for _, e in ipairs(list) do
      local n, s = element(e)
      if n and not states[s.name] then
        states[s.name] = s
        children[#children + 1] = n
      end
    end
    if #children == 1 then
      elements[#elements + 1] = children[1]
    elseif #children > 1 then
      elements[#elements + 1] = {type = 'frame', layout = 'horizontal', children = children}
    end
  end
  return {elements = elements, padding = 10}, states
end

--- A native window event for an element in `states` -> HC3's UIEvent
--- {deviceId, elementName, eventType, values} (the shapes of plua's desktop page: button [],
--- switch [bool], slider [number], select [value], multi [[values]]), or nil for other events.
function M.uiEvent(deviceId, states, ev)
  local s = states[ev.element_id]
  if s == nil then return nil end
  local eventType, values
  if s.kind == 'button' and ev.event_type ~= 'change' then
    eventType, values = 'onReleased', {}
  elseif s.kind == 'switch' and ev.event_type == 'change' then
    eventType, values = 'onReleased', {ev.value == true}
  elseif s.kind == 'slider' and ev.event_type == 'change' then
    eventType, values = 'onChanged', {tonumber(ev.value)}
  elseif s.kind == 'select' and ev.event_type == 'change' then
    local v = s.options.byText[tostring(ev.value)]
    if v == nil then v = ev.value end
    eventType, values = 'onToggled', {v}
  elseif s.kind == 'multi' and ev.event_type == 'change' then
    local list = {}
    for _, t in ipairs(ev.values or {}) do
      local v = s.options.byText[tostring(t)]
      if v == nil then v = t end
      list[#list + 1] = v
    end
    eventType, values = 'onToggled', {json.array(list)}
  else
    return nil
  end
  return {deviceId = deviceId, elementName = s.name, eventType = eventType, values = json.array(values)}
end

--- An updateView(element, property, value) -> the list of {elementId, property, value} window
--- updates (empty when the element or property has no counterpart): text, value, options,
--- selectedItem, selectedItems, visible.
function M.viewUpdates(states, element, property, value)
  local s = states[element]
  if s == nil then return {} end
  local k = s.kind
  if property == 'text' then
    return {{element, 'text', tostring(value == nil and '' or value)}}
  elseif property == 'visible' then
    return {{element, 'visible', truthy(value)}}
  elseif property == 'value' or property == 'selectedItem' then
    if k == 'slider' then
      local n = tonumber(value)
      return n and {{element, 'value', math.floor(n)}} or {}
    elseif k == 'switch' then
      return {{element, 'value', truthy(value)}}
    elseif k == 'select' then
      local t = s.options.byValue[tostring(value)]
      return t and {{element, 'value', t}} or {}
    elseif k == 'multi' and type(value) == 'table' then
      return M.viewUpdates(states, element, 'selectedItems', value)
    end
  elseif property == 'selectedItems' and k == 'multi' and type(value) == 'table' then
    local texts = {}
    for _, v in ipairs(value) do
      local t = s.options.byValue[tostring(v)]
      if t then texts[#texts + 1] = t end
    end
    return {{element, 'values', texts}}
  elseif property == 'options' and (k == 'select' or k == 'multi') and type(value) == 'table' then
    s.options = optionList(value)
    return {{element, 'options', s.options.texts}}
  end
  return {}
end

--- Opens the window of the QuickApp `device` ({id, name, properties}) with its --%%u `rows`.
--- opts: gui (the _PY window functions), post(path, body) (the HC3 API), subscribe(handler)
--- (every refreshStates event {type, data}), view (the updateView values so far,
--- {element: {property: value}}), warn(text). Returns the window id, or nil (with a warning)
--- when no window can be shown (`--headless`, no display, no gui module).
function M.open(device, rows, opts)
  local gui = opts.gui
  if gui == nil or gui.gui_available == nil or not gui.gui_available() then
    opts.warn('--%%desktop: no display (or --headless) - the QuickApp runs without its window')
    return nil
  end
  local layout, states = M.layout(rows, device)
  local win = gui.createNativeWindow(tostring(device.name) .. ' (' .. tostring(device.id) .. ')', 420, 120 + 48 * #rows)
  local wid = win.window_id
  gui.setNativeUI(wid, layout)
  local function apply(list)
    for _, u in ipairs(list) do gui.updateElement(wid, u[1], u[2], u[3]) end
  end
  for el, props in pairs(opts.view or {}) do
    for p, v in pairs(props) do apply(M.viewUpdates(states, el, p, v)) end
  end
  local props = {}
  for k, v in pairs(device.properties or {}) do props[k] = v end
  local open = true
  gui.setNativeCallback(wid, '*', function(ev)
    local e = M.uiEvent(device.id, states, ev)
    if e then opts.post('/plugins/callUIEvent', e) end
  end)
  gui.setNativeCallback(wid, 'window', function() open = false end)
  opts.subscribe(function(event)
    if not open then return end
    local d = event.data or {}
    if event.type == 'PluginChangedViewEvent' and d.deviceId == device.id then
      apply(M.viewUpdates(states, d.componentName, d.propertyName, d.newValue))
    elseif event.type == 'DevicePropertyUpdatedEvent' and d.id == device.id then
      props[d.property] = d.newValue
      if d.property == 'value' or d.property == 'state' then
        gui.updateElement(wid, HEADER, 'text', M.headerText(device, props))
      end
    elseif event.type == 'DeviceModifiedEvent' and d.id == device.id and d.name then
      device.name = d.name
      gui.updateElement(wid, HEADER, 'text', M.headerText(device, props))
    end
  end)
  gui.showNativeWindow(wid)
  return wid
end

-- an element of a device's viewLayout or uiView -> the --%%u element it was made from
local function fromComponent(c)
  if type(c) ~= 'table' or c.name == nil then return nil end
  local e = {text = c.text, visible = c.visible ~= false and c.visible ~= 'false'}
  local t = c.type
  if t == 'label' then
    e.label = c.name
  elseif t == 'button' then
    e.button = c.name
  elseif t == 'switch' then
    e.switch, e.value = c.name, c.value
  elseif t == 'slider' then
    e.slider, e.min, e.max, e.step, e.value = c.name, c.min, c.max, c.step, c.value
  elseif t == 'select' and c.selectionType == 'multi' then
    e.multi, e.options, e.values = c.name, c.options, c.values
  elseif t == 'select' then
    e.select, e.options, e.value = c.name, c.options, type(c.values) == 'table' and c.values[1] or c.value
  else
    return nil
  end
  return e
end

local function rowOf(components)
  local row = {}
  for _, c in ipairs(components or {}) do
    local e = fromComponent(c)
    if e then row[#row + 1] = e end
  end
  if #row == 1 then return row[1] end
  if #row > 1 then return row end
end

--- The UI rows of a device that has no --%%u header (a child device): from its `viewLayout`
--- (the `$jason` layout of HC3 exports, as createChildDevice's initialProperties give it), else
--- from its `uiView` (the new views); {} when it has neither.
function M.rowsOf(props)
  local rows = {}
  local jason = type(props.viewLayout) == 'table' and props.viewLayout['$jason']
  local items = jason and jason.body and jason.body.sections and jason.body.sections.items
  if type(items) == 'table' and #items > 0 then
    for _, item in ipairs(items) do
      local inner = type(item.components) == 'table' and item.components[1] or nil
      local row = inner and rowOf(inner.type == 'horizontal' and inner.components or {inner})
      if row then rows[#rows + 1] = row end
    end
  elseif type(props.uiView) == 'table' then
    for _, r in ipairs(props.uiView) do
      local row = rowOf(r.components)
      if row then rows[#rows + 1] = row end
    end
  end
  return rows
end

--- The windows of a QuickApp (`--%%desktop:true`): the main device's window when it has --%%u
--- `rows`, and one window per child device (its name, id, value and state live, and its UI from
--- viewLayout/uiView), also for children created later; a removed child's window closes.
--- opts: gui, post, get(path) (the HC3 API), subscribe(handler), warn. Returns {[deviceId] = window id}.
function M.openQuickApp(main, rows, opts)
  local gui = opts.gui
  local windows, warned = {}, false
  local function openDevice(device, deviceRows)
    if gui == nil or gui.gui_available == nil or not gui.gui_available() then
      if not warned then opts.warn('--%%desktop: no display (or --headless) - the QuickApp runs without its window') end
      warned = true
      return
    end
    windows[device.id] = M.open(device, deviceRows, {
      gui = gui, post = opts.post, subscribe = opts.subscribe, warn = opts.warn,
      view = opts.get('/plugins/getView?id=' .. device.id),
    })
  end
  if #rows > 0 then openDevice(main, rows) end
  local children = opts.get('/devices?parentId=' .. main.id) or {}
  table.sort(children, function(a, b) return a.id < b.id end)
  for _, child in ipairs(children) do openDevice(child, M.rowsOf(child.properties or {})) end
  opts.subscribe(function(event)
    local d = event.data or {}
    if event.type == 'DeviceCreatedEvent' and windows[d.id] == nil then
      local child = opts.get('/devices/' .. tostring(d.id))
      if type(child) == 'table' and child.parentId == main.id then
        openDevice(child, M.rowsOf(child.properties or {}))
      end
    elseif event.type == 'DeviceRemovedEvent' and windows[d.id] then
      gui.closeNativeWindow(windows[d.id])
      windows[d.id] = nil
    end
  end)
  return windows
end

return M
