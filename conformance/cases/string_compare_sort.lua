local t = {"b", "a", "B", "A", "aa", "", "1", "10", "9"}
table.sort(t) print(table.concat(t, ","))
print("a" < "aa", "Z" < "a", "abc" == "abc", "abc" ~= "abd")
