-- Exit latency: the last timer fires at 200 ms and prints the epoch time in ms;
-- bench/run.sh compares it with the moment the process has exited.
setTimeout(function() print(math.floor(_PY.milli_time())) end, 200)
