local t = setmetatable({}, {__pairs = function(t) return function(_, k) if not k then return 1, "one" end end, t, nil end})
for k, v in pairs(t) do print("pairs", k, v) end
local u = setmetatable({}, {__ipairs = function(t) return function(_, i) if i < 2 then return i + 1, "v" .. (i + 1) end end, t, 0 end})
for i, v in ipairs(u) do print("ipairs", i, v) end
for i, v in ipairs({10, 20, nil, 40}) do print(i, v) end
local keys = {} for k in pairs({a = 1, b = 2, c = 3}) do keys[#keys + 1] = k end table.sort(keys) print(table.concat(keys))
print(pcall(function() return type((pairs(nil))) end))
