#!/usr/bin/env bash
# Engine benchmarks (issue: engine, event loop and CLI). Prints every figure and the command used.
#   bench/run.sh            all: dispatch (vs Node.js), startup, exit latency
# Figures are wall-clock on this machine; run on an otherwise idle machine for stable numbers.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
./run.sh -e 'return 1' >/dev/null   # build the jar if needed
echo "machine: $(nproc) cores, $(uname -sr), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"

echo
echo "== callback dispatch: 1,000,000 setTimeout(fn, 0), best of 5 rounds"
echo "\$ ./run.sh bench/dispatch.lua 1000000 5"
ours=$(./run.sh bench/dispatch.lua 1000000 5 | tee /dev/stderr | sed -n 's/^RESULT .*best: \([0-9.]*\).*/\1/p')
if command -v node >/dev/null; then
  echo "\$ node bench/dispatch.js 1000000 5"
  theirs=$(node bench/dispatch.js 1000000 5 | tee /dev/stderr | sed -n 's/^RESULT .*best: \([0-9.]*\).*/\1/p')
  awk -v a="$ours" -v b="$theirs" 'BEGIN { printf "dispatch: jeplua %.0f/s, node %.0f/s, ratio jeplua/node = %.2f\n", a, b, a / b }'
fi

echo
echo "== startup: ./run.sh examples/hello.lua (jar built), 5 runs"
times=()
for _ in 1 2 3 4 5; do
  s=$(date +%s%N); ./run.sh examples/hello.lua >/dev/null; e=$(date +%s%N)
  times+=($(( (e - s) / 1000000 )))
done
sorted=($(printf '%s\n' "${times[@]}" | sort -n))
echo "startup ms: ${times[*]}  median: ${sorted[2]} ms"

echo
echo "== exit latency: last timer at 200 ms -> process gone, 5 runs"
lat=()
for _ in 1 2 3 4 5; do
  fired=$(./run.sh bench/exit_latency.lua)
  gone=$(( $(date +%s%N) / 1000000 ))
  lat+=($(( gone - fired )))
done
sorted=($(printf '%s\n' "${lat[@]}" | sort -n))
echo "exit latency ms (includes JVM teardown and the shell noticing): ${lat[*]}  median: ${sorted[2]} ms"
