print(tostring(1/3), tostring(1e15), tostring(-1e-7), tostring(12345678901234))
io.write(1/3, " ", 2^53, " ", 7, "\n")
print(#tostring(math.pi), tostring(3) == "3")
