-- A button that increments a counter shown by a bound label.
-- Run: ./run.sh examples/gui/counter.lua   (no display? xvfb-run ./run.sh examples/gui/counter.lua)
-- The label's text is a function (a binding): the engine re-evaluates it after every batch
-- and sends the window only the values that changed. Closing the window ends the script.

local windows = require("windows")

local count = 0
local win = windows.createNativeWindow("Counter", 320, 200)

win:setUI({
  padding = 16,
  elements = {
    { type = "button", id = "increment", text = "Increment", style = { primary = true } },
    { type = "label", id = "count", text = function() return "Count: " .. count end },
    { type = "button", id = "reset", text = "Reset" },
  },
})

win:setCallback("increment", function(event)
  count = count + 1
  print(string.format('{event_type="%s", element_id="%s", window_id="%s"} count=%d',
    event.event_type, event.element_id, event.window_id, count))
end)

win:setCallback("reset", function()
  count = 0
  print("reset")
end)

win:onClose(function()
  print("window closed with count " .. count)
end)

win:show()
