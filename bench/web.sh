#!/usr/bin/env bash
# REST API load benchmark (issue: REST API): POST /execute of `return 1` with 16 concurrent
# keep-alive connections on loopback, measured with wrk (Debian: apt-get install wrk).
# Targets: >= 10,000 requests/s and p99 <= 10 ms on 2 cores (EPLua: ~85 requests/s).
#   bench/web.sh [jar] [seconds]     (default cli/target/jeplua.jar, 10 s after a 5 s warm-up)
# Prints every figure and the commands. The engine runs in its own JVM with run.sh's flags.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$ROOT/tools/jdk.sh"
jeplua_find_jdk
jeplua_jvm_options
JAR=${1:-$ROOT/cli/target/jeplua.jar}
SECS=${2:-10}
PORT=${JEPLUA_BENCH_PORT:-18480}
command -v wrk >/dev/null || { echo "bench/web.sh: wrk not found (apt-get install wrk)" >&2; exit 1; }
[ -f "$JAR" ] || { echo "bench/web.sh: $JAR not found (./run.sh -v builds it)" >&2; exit 1; }

"$JAVA" "${JEPLUA_JVM_OPTS[@]}" \
  -jar "$JAR" --quiet --no-telnet --api-port "$PORT" --run-for -$((SECS + 30)) -e 'return' >/dev/null &
PID=$!
trap 'kill $PID 2>/dev/null || true; wait $PID 2>/dev/null || true' EXIT
for _ in $(seq 100); do
  curl -sf "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break
  sleep 0.1
done
echo "machine: $(nproc) cores, $(uname -sr), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "java: $("$JAVA" -version 2>&1 | head -1)"
echo "warm-up: wrk -t2 -c16 -d5s (not reported)"
wrk -t2 -c16 -d5s -s "$ROOT/bench/web_execute.lua" "http://127.0.0.1:$PORT" >/dev/null
echo "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg) (other processes share the 2 cores)"
cpu() { awk '{print $14 + $15}' "/proc/$PID/stat"; }
before=$(cpu)
echo "\$ wrk -t2 -c16 -d${SECS}s --latency -s bench/web_execute.lua http://127.0.0.1:$PORT"
out=$(wrk -t2 -c16 -d"${SECS}s" --latency -s "$ROOT/bench/web_execute.lua" "http://127.0.0.1:$PORT")
after=$(cpu)
echo "$out"
requests=$(echo "$out" | sed -n 's/^ *\([0-9]*\) requests in.*/\1/p')
echo "server CPU: $(( (after - before) * 1000 / $(getconf CLK_TCK) )) ms for $requests requests" \
  "($(echo "scale=1; ($after - $before) * 1000000 / $(getconf CLK_TCK) / $requests" | bc) µs of CPU per request)"
echo "targets: >= 10000 requests/s, p99 <= 10 ms (EPLua: ~85 requests/s)"
