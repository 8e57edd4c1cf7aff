-- A counter in the style of EPLua's native_ui demos: a native panel built with native_ui's
-- builder, and an HTML status page from the windows module. Clicking "Count" updates the
-- panel's label and the status page; the second click closes both windows and the run ends.
local native_ui = require("native_ui")
local windows = require("windows")

if not native_ui.isAvailable() then
  print("gui unavailable")
  return
end
print("html", windows.htmlSupported(), windows.getHtmlEngine())

local function statusPage(colour, clicks)
  return string.format([[
<html><body>
<table width="100%%" cellpadding="8"><tr><td bgcolor="%s" height="160">
<font size="6" color="#ffffff"><b>Clicks: %d</b></font>
</td></tr></table>
</body></html>]], colour, clicks)
end

local ui = native_ui.quickUI()
  :button("Count", "count", true, "count_btn")
  :label("Clicks: 0", "clicks_lbl")
  :switch("Verbose", false, "verbose")
  :build()
-- element types a newer EPLua layout may carry: two known ones, one this runtime does not know
table.insert(ui.elements, { type = "toggle_button", id = "lamp", text = "Lamp", value = true })
table.insert(ui.elements, { type = "dropdown_multiselect", id = "rooms", text = "Rooms",
  options = { "Hall", "Kitchen", "Attic" }, values = { "Kitchen" } })
table.insert(ui.elements, { type = "star_rating", id = "stars", value = 4 })

local panel = native_ui.createWindow("Counter panel", 360, 320)
panel:setUI(ui)

local page = windows.createWindow("Status page", 360, 240)
page:setHtml(statusPage("#808080", 0))

local clicks = 0
local heartbeat = setInterval(function() end, 1000) -- EPLua demos keep the loop busy this way

panel:setCallback("count_btn", function(event)
  clicks = clicks + 1
  print("event", event.event_type, event.element_id, event.data.action)
  if clicks == 1 then
    panel:setText("clicks_lbl", "Clicks: " .. clicks)
    page:setHtml(statusPage("#00a000", clicks))
    print("label", panel:getValue("clicks_lbl"))
    print("lamp", panel:getValue("lamp"), "rooms", table.concat(panel:getValue("rooms"), ","))
  else
    clearInterval(heartbeat)
    panel:close()
    page:close()
    print("closed", panel:isClosed(), page:isClosed())
  end
end)

panel:show()
page:show()
print("windows", #windows.listWindows())
