-- Every element type of both layouts in one window (flat types on the left, hierarchical
-- ones on the right); prints each event it receives. Closing the window ends the script.
-- Run: ./run.sh examples/gui/controls.lua   (no display? xvfb-run ./run.sh examples/gui/controls.lua)

local function show(v)
  if type(v) == "table" then
    return "{" .. table.concat(v, ", ") .. "}"
  end
  return tostring(v)
end

local win = _PY.createNativeWindow("Controls", 860, 600)

_PY.setNativeUI(win.window_id, {
  padding = 14,
  elements = {
    { type = "header", text = "All controls", level = 1 },
    { type = "frame", layout = "horizontal", children = {
      { type = "frame", text = "Flat layout elements", children = {
        { type = "label", id = "intro", text = "An <b>HTML</b> label: <i>italic</i>, <font color='#2a7'>colour</font>", html = true },
        { type = "label", text = "A plain label (no <b>HTML</b> here)" },
        { type = "header", text = "Header level 3", level = 3 },
        { type = "button", id = "primary", text = "Primary button", action = "save", style = { primary = true } },
        { type = "switch", id = "power", text = "Power", value = true },
        { type = "slider", id = "volume", text = "Volume", min = 0, max = 100, value = 40 },
        { type = "dropdown", id = "mode", text = "Mode", options = { "auto", "manual", "off" }, value = "manual" },
        { type = "multiselect", id = "days", text = "Days", options = { "Mon", "Tue", "Wed", "Thu", "Fri" },
          values = { "Mon", "Wed" }, height = 3 },
        { type = "separator" },
        { type = "button_row", buttons = {
          { text = "OK", action = "ok", id = "ok" },
          { text = "Cancel", action = "cancel", id = "cancel" },
        } },
      } },
      { type = "frame", text = "Hierarchical layout elements", children = {
        { type = "entry", id = "name", label = "Entry", placeholder = "your name" },
        { type = "text", id = "notes", label = "Text", value = "multi-line\ntext", height = 2 },
        { type = "frame", layout = "horizontal", children = {
          { type = "checkbox", id = "check", text = "Checkbox", value = true },
          { type = "radio", id = "r1", text = "Radio A", group = "g", value = true },
          { type = "radio", id = "r2", text = "Radio B", group = "g" },
        } },
        { type = "combobox", id = "combo", label = "Combobox", options = { "red", "green", "blue" } },
        { type = "listbox", id = "list", label = "Listbox", options = { "one", "two", "three" }, height = 3 },
        { type = "scale", id = "scale", label = "Scale", min = -10, max = 10, value = 2 },
        { type = "progressbar", id = "progress", text = "Progress", value = 65 },
        { type = "button", id = "apply", text = "Button", callback = "onApply" },
      } },
    } },
  },
})

_PY.setNativeCallback(win.window_id, "*", function(event)
  print(string.format("event %-8s %-8s value=%s values=%s action=%s", event.event_type,
    tostring(event.element_id), show(event.value), show(event.values), tostring(event.data.action)))
end)
_PY.setNativeCallback(win.window_id, "window", function(event)
  print("event close " .. event.window_id)
end)

_PY.showNativeWindow(win.window_id)
