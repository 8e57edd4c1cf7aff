-- reference: lua5.4
print(pcall(function() for i = {}, 2 do end end))
print(pcall(function() for i = 1, nil do end end))
print(pcall(function() for i = 1, 2, "x" do end end))
