-- Libraries present in every engine.

test("json is a global and a module", function()
  eq(type(json), "table")
  eq(require("json"), json)
  eq(json.encode(json.decode('[1,null,3]')), "[1,null,3]")
end)

test("lfs is available", function()
  eq(type(require("lfs").currentdir()), "string")
end)

test("collectgarbage count reports KiB", function()
  local kb = collectgarbage("count")
  assert(type(kb) == "number" and kb > 0)
  eq(collectgarbage("collect"), 0)
end)

test("luajava is absent by default", function()
  eq(luajava, nil)
end)
