print(string.find("THE (quick) fox", "%f[%a]%a+", 5))
for w in string.gmatch("THE (quick) fox", "%f[%a]%a+") do io.write(w, ";") end print()
print(string.gsub("hello world", "%f[%w]%w+", function(w) return w:upper() end))
print(string.find("x", "%f[%z]"), string.match("foo bar", "%f[%l]%l+$"))
