-- windows: object wrapper over the _PY native-window functions (SPEC 3.9).
--
--   local windows = require("windows")
--   local win = windows.createNativeWindow("Title", 400, 300)
--   win:setUI(ui):setCallback("btn", function(event) ... end):show()
--   win:setText("label", "hi"); win:setValue("slider", 5); print(win:getValue("slider"))
--   win:onClose(function(event) ... end); print(win:getId(), win:isClosed())
--
-- Every method except the getters returns the window, so calls chain.

local PY = _PY
local windows = {}

local Window = {}
Window.__index = Window

local function closeHandler(self)
  return function(event)
    self.closed = true
    for _, fn in ipairs(self.closeListeners) do
      fn(event)
    end
  end
end

--- Creates a hidden window (width, height in pixels; defaults 400 x 300).
function windows.createNativeWindow(title, width, height)
  local ok, info = pcall(PY.createNativeWindow, title, width, height)
  if not ok then
    error(info, 2)   -- report the error at the caller's line
  end
  local self = setmetatable({
    id = info.window_id, title = info.title, width = info.width, height = info.height,
    closed = false, closeListeners = {},
  }, Window)
  PY.setNativeCallback(self.id, "window", closeHandler(self))
  return self
end

--- Alias of createNativeWindow.
windows.create = windows.createNativeWindow

--- Wraps an existing window id (as returned by _PY.createNativeWindow) in an object.
function windows.wrap(id)
  if type(id) == "table" then id = id.window_id end
  local self = setmetatable({ id = id, closed = false, closeListeners = {} }, Window)
  PY.setNativeCallback(self.id, "window", closeHandler(self))
  return self
end

--- Open windows as tables {window_id, title, width, height, visible}.
function windows.list()
  return PY.listNativeWindows()
end

--- True when windows can be opened.
function windows.available()
  return PY.gui_available()
end

function Window:setUI(ui)
  PY.setNativeUI(self.id, ui)
  return self
end

function Window:show()
  PY.showNativeWindow(self.id)
  return self
end

function Window:hide()
  PY.hideNativeWindow(self.id)
  return self
end

function Window:close()
  if not self.closed then
    self.closed = true
    PY.closeNativeWindow(self.id)
  end
  return self
end

function Window:setCallback(elementId, fn)
  PY.setNativeCallback(self.id, elementId, fn)
  return self
end

function Window:setText(elementId, text)
  PY.updateElement(self.id, elementId, "text", text)
  return self
end

function Window:setValue(elementId, value)
  PY.updateElement(self.id, elementId, "value", value)
  return self
end

--- Sets any property: text, value, values, enabled, visible, options, min, max (a function binds it).
function Window:update(elementId, property, value)
  PY.updateElement(self.id, elementId, property, value)
  return self
end

function Window:getValue(elementId)
  return PY.getElementValue(self.id, elementId)
end

function Window:getId()
  return self.id
end

function Window:isClosed()
  return self.closed
end

--- fn(event) runs when the user closes the window (event.event_type == "close").
function Window:onClose(fn)
  self.closeListeners[#self.closeListeners + 1] = fn
  return self
end

return windows
