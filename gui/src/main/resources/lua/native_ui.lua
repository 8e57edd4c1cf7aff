-- native_ui: native windows and a builder for flat layouts (README.md#native-windows).
--
--   local native_ui = require("native_ui")
--   if native_ui.isAvailable() then
--     local ui = native_ui.quickUI()
--       :header("Settings", 1)
--       :label("Ready", "status")                    -- the last argument is the element id ...
--       :button("Save", "save", true, "save")         -- text, action, primary, id
--       :switch("Enabled", true, {id = "enabled"})   -- ... or a table of extra fields
--       :slider("Volume", 0, 100, 50, "volume")
--       :dropdown("Mode", {"auto", "manual"}, "auto", "mode")
--       :multiselect("Days", {"Mon", "Tue"}, {"Mon"}, 4, "days")
--       :separator()
--       :buttonRow({"OK", {text = "Cancel", action = "cancel", id = "cancel"}})
--       :build()                                     -- {elements = {...}}
--     native_ui.createWindow("Settings", 400, 500):setUI(ui):show()
--   end
--
-- Elements without an id get <type>_<n> from one counter per builder (buttons of a row
-- btn_<n>), so every element can be addressed.

local windows = require("windows")
local PY = _PY
local native_ui = {}

--- True when windows can be opened (a display, no --headless).
function native_ui.isAvailable()
  return PY.gui_available()
end

--- A hidden window for a layout: windows.createNativeWindow(title, width, height).
native_ui.createWindow = windows.createNativeWindow
native_ui.create = windows.createNativeWindow

--- Open windows as {{window_id, title, width, height, visible}, ...} ("ERROR: GUI not available" without a display).
function native_ui.listWindows()
  return PY.list_windows()
end

-- ------------------------------------------------------------------ builder

local Builder = {}
Builder.__index = Builder

--- A new, empty builder. options: {padding = n}.
function native_ui.quickUI(options)
  return setmetatable({ elements = {}, nextId = 1, padding = options and options.padding }, Builder)
end

function Builder:_newId(prefix)
  local id = prefix .. "_" .. self.nextId
  self.nextId = self.nextId + 1
  return id
end

-- Adds an element. last is the method's last argument: an id (string or number) or a
-- table of extra fields (id, enabled, visible, style, callback, primary, ...).
local function add(self, element, last)
  if type(last) == "table" then
    for k, v in pairs(last) do
      if k == "primary" then
        element.style = element.style or {}
        element.style.primary = v
      else
        element[k] = v
      end
    end
  elseif last ~= nil then
    element.id = tostring(last)
  end
  if element.id == nil then
    element.id = self:_newId(element.type)
  end
  self.elements[#self.elements + 1] = element
  return self
end

function Builder:header(text, level, last)
  return add(self, { type = "header", text = text or "Header", level = level or 1 }, last)
end

function Builder:label(text, last)
  return add(self, { type = "label", text = text or "Label" }, last)
end

--- action: a name (reported as event.data.action) or a function called with the event.
--- button(text, action, isPrimary, id) or button(text, action, {extra fields}).
function Builder:button(text, action, isPrimary, last)
  if last == nil and (type(isPrimary) == "table" or type(isPrimary) == "string") then
    isPrimary, last = nil, isPrimary
  end
  return add(self, {
    type = "button", text = text or "Button", action = action or "click",
    style = { primary = isPrimary and true or false },
  }, last)
end

function Builder:switch(text, value, last)
  return add(self, { type = "switch", text = text or "Switch", value = value or false }, last)
end

function Builder:slider(text, min, max, value, last)
  return add(self, {
    type = "slider", text = text or "Slider", min = min or 0, max = max or 100, value = value or 50,
  }, last)
end

function Builder:dropdown(text, options, value, last)
  options = options or { "Option 1", "Option 2" }
  return add(self, {
    type = "dropdown", text = text or "Select", options = options, value = value or options[1] or "Option 1",
  }, last)
end

--- multiselect(text, options, values, height, id) or multiselect(text, options, values, {extra fields}).
function Builder:multiselect(text, options, values, height, last)
  if last == nil and (type(height) == "table" or type(height) == "string") then
    height, last = nil, height
  end
  return add(self, {
    type = "multiselect", text = text or "Multi-select",
    options = options or { "Option 1", "Option 2", "Option 3" }, values = values or {}, height = height or 4,
  }, last)
end

function Builder:separator(last)
  return add(self, { type = "separator" }, last)
end

--- buttons: strings ("Save": action "save") or {text, action, isPrimary | primary, id}.
function Builder:buttonRow(buttons, last)
  local row = {}
  for i, b in ipairs(buttons or {}) do
    local button
    if type(b) == "table" then
      button = {
        text = b.text or "Button", action = b.action or "",
        style = { primary = (b.isPrimary or b.primary) and true or false }, id = b.id,
      }
    else
      local text = tostring(b)
      button = { text = text, action = (text:lower():gsub("%s+", "_")), style = { primary = false } }
    end
    if button.id == nil then
      button.id = self:_newId("btn")
    end
    row[i] = button
  end
  return add(self, { type = "button_row", buttons = row }, last)
end

--- Adds any element table as it is (e.g. {type = "entry", id = "name"}).
function Builder:add(element)
  self.elements[#self.elements + 1] = element
  return self
end

--- The layout table for window:setUI / _PY.setNativeUI.
function Builder:build()
  return { elements = self.elements, padding = self.padding }
end

-- ------------------------------------------------------------------ layouts from data

-- Gives every element of ui.elements without an id the id <type>_<n> (n counts these only).
local function assignIds(ui)
  if type(ui.elements) ~= "table" then
    return
  end
  local n = 0
  for _, element in ipairs(ui.elements) do
    if type(element) == "table" and element.id == nil then
      n = n + 1
      element.id = (element.type or "element") .. "_" .. n
    end
  end
end

--- A layout from a JSON string, with ids assigned; raises on invalid JSON.
function native_ui.fromJSON(text)
  local ui, err = json.decode(text)
  if type(ui) ~= "table" then
    error("native_ui.fromJSON: " .. (err and ("invalid JSON: " .. tostring(err)) or "JSON text is not an object"), 2)
  end
  assignIds(ui)
  return ui
end

--- A shallow copy of a layout table with ids assigned (the element tables themselves get the ids).
function native_ui.fromTable(t)
  if type(t) ~= "table" then
    error("native_ui.fromTable: table expected, got " .. type(t), 2)
  end
  local copy = {}
  for k, v in pairs(t) do
    copy[k] = v
  end
  assignIds(copy)
  return copy
end

-- ------------------------------------------------------------------ examples

native_ui.examples = {
  quickApp = {
    elements = {
      { type = "header", id = "title", text = "Living room lamp", level = 2 },
      { type = "label", id = "state", text = "The lamp is off" },
      { type = "button_row", id = "power", buttons = {
        { id = "on", text = "On", action = "turn_on", style = { primary = true } },
        { id = "off", text = "Off", action = "turn_off" },
      } },
      { type = "slider", id = "level", text = "Brightness", min = 0, max = 100, value = 40 },
      { type = "switch", id = "auto", text = "Follow sunset", value = false },
    },
  },
  demo = {
    elements = {
      { type = "header", id = "title", text = "Element tour", level = 1 },
      { type = "label", id = "intro", text = "One of each flat element type" },
      { type = "button", id = "press", text = "Press me", action = "press" },
      { type = "switch", id = "toggle", text = "Switch", value = true },
      { type = "slider", id = "amount", text = "Amount", min = 0, max = 10, value = 3 },
      { type = "dropdown", id = "colour", text = "Colour", options = { "red", "green", "blue" }, value = "green" },
      { type = "multiselect", id = "days", text = "Days", options = { "Mon", "Tue", "Wed" }, values = { "Tue" } },
      { type = "separator", id = "rule" },
    },
  },
}

return native_ui
