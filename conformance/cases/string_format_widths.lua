for _, w in ipairs({1, 5, 10}) do io.write(string.format("[%" .. w .. "d][%-" .. w .. "s]", 42, "ab")) end print()
print(string.format("%3c|%-3c|", 65, 66))
print(string.format("%08.3f|%+08d|%-8x|", -3.14159, 42, 255))
