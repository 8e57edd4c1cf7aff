print(("a.b.c"):find(".", 1, true), ("a+b"):find("+", 1, true), ("(x)"):find("(", 1, true))
print(("a.b"):gsub("%.", "%%"), ("50%"):gsub("%%", " percent"))
print(("[tag]"):match("^%[(.*)%]$"), ("f(a,b)"):match("%((.-)%)"))
