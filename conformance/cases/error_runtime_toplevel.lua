local function f(t) return t.field.sub end
f({})
