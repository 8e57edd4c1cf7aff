local i = 1
::again::
if i <= 3 then io.write(i, " ") i = i + 1 goto again end
print()
for _, v in ipairs({1, 2, 3, 4}) do
  if v % 2 == 0 then goto skip end
  io.write(v, " ")
  ::skip::
end
print()
print(load("goto l1 local x ::l1:: print(x)"))
print(load("::a:: ::a::"))
