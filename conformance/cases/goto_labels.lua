for i = 1, 3 do
  for j = 1, 3 do
    if j == 2 then goto continue end
    io.write(i, j, " ")
    ::continue::
  end
end
print()
do local k = 0 ::top:: k = k + 1 if k < 3 then goto top end print(k) end
