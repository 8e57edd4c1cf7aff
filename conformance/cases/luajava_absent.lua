print(luajava)
