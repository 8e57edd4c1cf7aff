-- Mistakes in window calls are reported at the line of this script, not inside the modules.
local windows = require("windows")
local native_ui = require("native_ui")

local function try(f)
  local ok, err = pcall(f)
  print(ok, err)
end

print("available", windows.isAvailable(), native_ui.isAvailable())
if not windows.isAvailable() then
  try(function()
    windows.createWindow("no display")
  end)
  print("html", _PY.create_window("no display"))
  return
end

local win = native_ui.createWindow("Errors", 200, 120)
win:setUI({ elements = { { type = "label", id = "msg", text = "hi" } } })
try(function()
  win:setText("nothing", "x")
end)
try(function()
  win:setUI("{broken json")
end)
try(function()
  windows.showWindow("window_99")
end)
win:close()
try(function()
  win:show()
end)
