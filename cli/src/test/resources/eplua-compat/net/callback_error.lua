-- A timer callback raises: the error is reported, the run goes on, and the exit status is 1.
setTimeout(function()
  print("first timer")
  error("sensor offline")
end, 10)

setTimeout(function()
  print("second timer still runs")
end, 50)

print("main chunk done")
