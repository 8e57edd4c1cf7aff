-- Xvfb smoke test script: a counter window; the test clicks the button with xdotool.
local count = 0
local win = _PY.createNativeWindow("JEPLua smoke", 300, 200)
_PY.setNativeUI(win, { padding = 10, elements = {
  { type = "button", id = "inc", text = "Increment" },
  { type = "label", id = "count", text = function() return "Count: " .. count end },
} })
local guard = setTimeout(function() print("no click within 30 s") os.exit(3) end, 30000)
_PY.setNativeCallback(win, "inc", function(event)
  count = count + 1
  print("event", event.event_type, event.element_id)
  setTimeout(function()
    print("label", _PY.getElementValue(win, "count"))
    setTimeout(function()
      clearTimeout(guard)
      simulate_user_close()
    end, 1000)
  end, 50)
end)
_PY.setNativeCallback(win, "window", function(event)
  print("closed", event.event_type, event.window_id, #_PY.listNativeWindows())
end)
_PY.showNativeWindow(win)
print("shown", _PY.gui_available())
