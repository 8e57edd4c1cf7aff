print(collectgarbage("step"))
