-- windows: windows as objects, over the _PY window functions (README.md#native-windows).
--
--   local windows = require("windows")
--   if windows.isAvailable() then
--     local win = windows.createNativeWindow("Title", 400, 300)      -- a layout window
--     win:setUI(ui):setCallback("btn", function(event) ... end):show()
--     win:setText("label", "hi"); win:setValue("slider", 5); print(win:getValue("slider"))
--     local page = windows.createWindow("Report", 500, 400)          -- an HTML window
--     page:setHtml("<h1>Hello</h1>"):show()
--   end
--
-- Both kinds are the same object: an HTML window can take a layout (setUI) and a layout
-- window HTML (setHtml). Every method except the getters returns the window, so calls chain.
-- Errors are raised at the line of the script that called the method.

local PY = _PY
local windows = {
  _VERSION = "1.0.0",
  _DESCRIPTION = "JEPLua windows: Swing windows showing a layout of controls or an HTML page",
}

local Window = {}
Window.__index = Window

-- Calls a _PY function from a method or module function; its error is raised at the line
-- that called that method (level 3: this helper, the method, its caller).
local function call(fn, ...)
  local ok, result = pcall(fn, ...)
  if not ok then
    error(result, 3)
  end
  return result
end

-- Like call, for the _PY functions that answer "ERROR: ..." strings instead of raising.
local function status(fn, ...)
  local ok, result = pcall(fn, ...)
  if not ok then
    error(result, 3)
  end
  if type(result) == "string" and result:match("^ERROR:") then
    error(result, 3)
  end
  return result
end

-- Raises "Cannot operate on closed window" at the caller of the method.
local function alive(self)
  if self.closed then
    error("Cannot operate on closed window", 3)
  end
end

local function closeHandler(self)
  return function(event)
    self.closed = true
    self._closed = true
    for _, fn in ipairs(self.closeListeners) do
      fn(event)
    end
  end
end

local function object(info)
  return setmetatable({
    id = info.window_id, title = info.title, width = info.width, height = info.height,
    closed = false, _closed = false, closeListeners = {},
  }, Window)
end

-- Creates the window for one of the public constructors (level 3 is their caller).
local function open(title, width, height)
  local ok, info = pcall(PY.createNativeWindow, title, width or 800, height or 600)
  if not ok then
    error(info, 3)
  end
  local self = object(info)
  PY.setNativeCallback(self.id, "window", closeHandler(self))
  return self
end

--- True when windows can be opened (a display, no --headless).
function windows.isAvailable()
  return PY.gui_available()
end

--- True when HTML windows can be shown (the same as isAvailable).
function windows.htmlSupported()
  return PY.html_rendering_available()
end

--- "swing" (HTML is rendered by Swing's JEditorPane), or "none" without a display.
function windows.getHtmlEngine()
  return PY.get_html_engine()
end

--- {gui, html, engine, native_ui = true}
function windows.getCapabilities()
  return {
    gui = PY.gui_available(),
    html = PY.html_rendering_available(),
    engine = PY.get_html_engine(),
    native_ui = true,
  }
end
windows.capabilities = windows.getCapabilities

--- A hidden window for a layout (setUI); width and height in pixels, default 800 x 600.
function windows.createNativeWindow(title, width, height)
  local win = open(title or "JEPLua Native Window", width, height)
  return win
end

--- A hidden window for an HTML page (setHtml); width and height in pixels, default 800 x 600.
function windows.createWindow(title, width, height)
  local win = open(title or "JEPLua Window", width, height)
  return win
end
windows.create = windows.createWindow
windows.new = windows.createWindow

--- Wraps an existing window id (or the table _PY.createNativeWindow returned) in an object.
function windows.wrap(id)
  if type(id) == "table" then id = id.window_id end
  local self = object({ window_id = id })
  call(PY.setNativeCallback, id, "window", closeHandler(self))
  return self
end

--- Functions on window ids: each raises the "ERROR: ..." result of the _PY function, else returns true.
function windows.setWindowHtml(id, html)
  status(PY.set_window_html, id, html)
  return true
end

function windows.showWindow(id)
  status(PY.show_window, id)
  return true
end

function windows.hideWindow(id)
  status(PY.hide_window, id)
  return true
end

function windows.closeWindow(id)
  status(PY.close_window, id)
  return true
end

--- Open windows as {{window_id, title, width, height, visible}, ...} ("ERROR: GUI not available" without a display).
function windows.listWindows()
  return PY.list_windows()
end

--- Open windows as {{window_id, title, width, height, visible}, ...}; raises without a display.
function windows.list()
  local l = call(PY.listNativeWindows)
  return l
end

--- Alias of isAvailable.
windows.available = windows.isAvailable

--- Opens a small HTML window showing what this module offers; false without a display.
function windows.demo()
  if not windows.isAvailable() then
    print("windows.demo: no display available")
    return false
  end
  local page = [[
<html><body style="font-family: sans-serif; margin: 12px">
<h2>JEPLua windows</h2>
<p>This page is an <b>HTML window</b>: <code>windows.createWindow(title, w, h):setHtml(html):show()</code>.</p>
<table border="1" cellpadding="4">
<tr><th>kind</th><th>content</th></tr>
<tr><td>HTML window</td><td>HTML 3.2 and simple CSS</td></tr>
<tr><td>native window</td><td>buttons, switches, sliders, lists (<code>setUI</code>)</td></tr>
</table>
</body></html>]]
  local win = open("JEPLua windows demo", 600, 400)
  win:setHtml(page):show()
  return win
end

--- Prints a summary of the module.
function windows.help()
  print([[
windows (JEPLua)
  windows.isAvailable() / htmlSupported() / getHtmlEngine() / getCapabilities()
  windows.createNativeWindow(title, w, h) -> window for a layout      (default 800 x 600)
  windows.createWindow(title, w, h)       -> window for an HTML page  (aliases create, new)
  windows.listWindows()                   -> {{window_id, title, width, height, visible}, ...}
  windows.setWindowHtml(id, html), showWindow(id), hideWindow(id), closeWindow(id)
  windows.demo(), windows.help()
window methods (chainable):
  :setUI(layout) :setHtml(html) :show() :hide() :close()
  :setCallback(elementId, fn) :setText(elementId, text) :setValue(elementId, value)
  :update(elementId, property, value) :onClose(fn)
  :getValue(elementId) :getId() :isClosed()]])
end
windows.info = windows.help

-- ------------------------------------------------------------------ window methods

--- Replaces the content with a layout (table or JSON string, flat or hierarchical).
function Window:setUI(ui)
  alive(self)
  call(PY.setNativeUI, self.id, ui)
  return self
end

--- Replaces the content with an HTML page.
function Window:setHtml(html)
  alive(self)
  status(PY.set_window_html, self.id, html)
  return self
end
Window.html = Window.setHtml

function Window:show()
  alive(self)
  call(PY.showNativeWindow, self.id)
  return self
end
Window.display = Window.show

function Window:hide()
  alive(self)
  call(PY.hideNativeWindow, self.id)
  return self
end

--- Closes the window (no close event); closing again does nothing.
function Window:close()
  if not self.closed then
    self.closed = true
    self._closed = true
    call(PY.closeNativeWindow, self.id)
  end
  return self
end

--- fn(event) for the element's events; "window" gets close, "*" every event no other callback takes.
function Window:setCallback(elementId, fn)
  alive(self)
  call(PY.setNativeCallback, self.id, elementId, fn)
  return self
end

function Window:setText(elementId, text)
  alive(self)
  call(PY.updateElement, self.id, elementId, "text", text)
  return self
end

function Window:setValue(elementId, value)
  alive(self)
  call(PY.updateElement, self.id, elementId, "value", value)
  return self
end

--- Sets any property: text, value, values, enabled, visible, options, min, max (a function binds it).
function Window:update(elementId, property, value)
  alive(self)
  call(PY.updateElement, self.id, elementId, property, value)
  return self
end
Window.updateElement = Window.update

--- The element's current value (nil for an unknown element).
function Window:getValue(elementId)
  alive(self)
  local v = call(PY.getElementValue, self.id, elementId)
  return v
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
