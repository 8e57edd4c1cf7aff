-- native_ui: a builder for flat native-window layouts (SPEC 3.9).
--
--   local ui = require("native_ui").quickUI()
--     :header("Settings", 1)
--     :label("Hello <b>world</b>", {html = true})
--     :button("Save", "save", {id = "save", primary = true})
--     :switch("Enabled", true, {id = "enabled"})
--     :slider("Volume", 0, 100, 50, {id = "volume"})
--     :dropdown("Mode", {"auto", "manual"}, "auto", {id = "mode"})
--     :multiselect("Days", {"Mon", "Tue"}, {"Mon"}, {id = "days"})
--     :separator()
--     :buttonRow({{text = "OK", action = "ok", id = "ok"}, {text = "Cancel", action = "cancel"}})
--     :build()                     -- {elements = {...}, padding = 12}
--
-- The last argument of every method is an optional table of extra fields (id, enabled,
-- visible, style, callback, ...) merged into the element.

local native_ui = {}

local Builder = {}
Builder.__index = Builder

local function add(self, element, extra)
  if extra then
    for k, v in pairs(extra) do
      if k == "primary" then
        element.style = element.style or {}
        element.style.primary = v
      else
        element[k] = v
      end
    end
  end
  self.elements[#self.elements + 1] = element
  return self
end

--- A new, empty builder. options: {padding = n}.
function native_ui.quickUI(options)
  return setmetatable({ elements = {}, padding = options and options.padding }, Builder)
end

function Builder:header(text, level, extra)
  return add(self, { type = "header", text = text, level = level or 1 }, extra)
end

function Builder:label(text, extra)
  return add(self, { type = "label", text = text }, extra)
end

--- action: a name (reported as event.data.action) or a function called with the event.
function Builder:button(text, action, extra)
  return add(self, { type = "button", text = text, action = action }, extra)
end

function Builder:switch(text, value, extra)
  return add(self, { type = "switch", text = text, value = value or false }, extra)
end

function Builder:slider(text, min, max, value, extra)
  return add(self, { type = "slider", text = text, min = min or 0, max = max or 100, value = value }, extra)
end

function Builder:dropdown(text, options, value, extra)
  return add(self, { type = "dropdown", text = text, options = options or {}, value = value }, extra)
end

function Builder:multiselect(text, options, values, extra)
  return add(self, { type = "multiselect", text = text, options = options or {}, values = values or {} }, extra)
end

function Builder:separator(extra)
  return add(self, { type = "separator" }, extra)
end

--- buttons: {{text = "OK", action = "ok", id = "ok"}, ...}
function Builder:buttonRow(buttons, extra)
  return add(self, { type = "button_row", buttons = buttons }, extra)
end

--- Adds any element table as it is (e.g. {type = "entry", id = "name"}).
function Builder:add(element)
  return add(self, element)
end

--- The layout table for _PY.setNativeUI / window:setUI.
function Builder:build()
  return { elements = self.elements, padding = self.padding }
end

return native_ui
