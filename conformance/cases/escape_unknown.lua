-- An unknown escape sequence: 5.2 rejects the chunk, LuaJ keeps the character after the backslash.
print("\q")
