-- The native_ui builder: a settings window built with chained calls.
-- Run: ./run.sh examples/gui/quickui.lua   (or under xvfb-run)

local windows = require("windows")
local native_ui = require("native_ui")

local ui = native_ui.quickUI({ padding = 16 })
  :header("Thermostat", 1)
  :label("Target temperature and schedule", { id = "status" })
  :switch("Heating", true, { id = "heating" })
  :slider("Target (°C)", 10, 30, 21, { id = "target" })
  :dropdown("Mode", { "comfort", "eco", "away" }, "comfort", { id = "mode" })
  :multiselect("Days", { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" }, { "Mon", "Fri" }, { id = "days" })
  :separator()
  :buttonRow({ { text = "Apply", action = "apply", id = "apply" }, { text = "Close", action = "close", id = "close" } })
  :build()

local win = windows.createNativeWindow("Quick UI", 420, 520):setUI(ui)

win:setCallback("*", function(event)
  local value = event.values and table.concat(event.values, ",") or tostring(event.value)
  print("event", event.event_type, event.element_id, value, event.data.action)
end)
win:setCallback("apply", function()
  local days = win:getValue("days")
  win:setText("status", string.format("%s, %s °C, %s on %s", win:getValue("heating") and "heating" or "off",
    win:getValue("target"), win:getValue("mode"), table.concat(days, "/")))
end)
win:setCallback("close", function()
  win:close()
end)

win:show()
