print(os.execute())
print(os.execute("exit 3"))
print(os.execute("true"))
