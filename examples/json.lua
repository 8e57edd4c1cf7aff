-- json: encode/decode with arrays, null, sorted keys and errors as values (README.md#json).
local doc = json.decode('{"name":"sensor","values":[1,null,3.5],"ok":true,"meta":{}}')
print("name:", doc.name, "second value is json.null:", doc.values[2] == json.null)
print(json.encode(doc))
print(json.encode({b = 2, a = 1, list = {1, 2, 3}, empty = {}, arr = json.array({})}))
print(json.encodePretty({device = "lamp", on = false}))

local value, err = json.decode("{bad")
print("decode error ->", value, err)

local ok, msg = pcall(json.encode, {a = {b = print}})
print("encode error ->", ok, msg)
