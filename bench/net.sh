#!/usr/bin/env bash
# Networking benchmarks (issue 6): HTTP client -> local HTTP server round trips per second with
# 1 and 16 requests in flight, and TCP echo messages per second, for JEPLua and for the same
# work done by Node.js on the same machine; prints every figure, the commands and the ratios.
# Usage: bench/net.sh [jar] [httpRequests=20000] [tcpMessages=50000]
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$ROOT/tools/jdk.sh"
jeplua_find_jdk
jeplua_jvm_options
JAR=${1:-$ROOT/cli/target/jeplua.jar}
N=${2:-20000}
M=${3:-50000}
[ -f "$JAR" ] || { (cd "$ROOT" && ./run.sh -e 'return 1' >/dev/null); }
# the JVM flags run.sh uses (tools/jvm.options)
JVM=("$JAVA" "${JEPLUA_JVM_OPTS[@]}" -jar "$JAR" --no-telnet --no-api)
echo "machine: $(nproc) cores, $(uname -sr), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $("$JAVA" -version 2>&1 | head -1)"
out=$(mktemp); trap 'rm -f "$out"' EXIT
echo "\$ java ${JEPLUA_JVM_OPTS[*]} -jar $JAR --no-telnet --no-api bench/net_http.lua $N  (then bench/net_tcp.lua $M)"
"${JVM[@]}" "$ROOT/bench/net_http.lua" "$N" | tee -a "$out"
"${JVM[@]}" "$ROOT/bench/net_tcp.lua" "$M" | tee -a "$out"
if command -v node >/dev/null; then
  echo "\$ node bench/net_node.js $N $M   ($(node --version))"
  node "$ROOT/bench/net_node.js" "$N" "$M" | sed 's/^RESULT /NODE /' | tee -a "$out"
  awk '
    { rate = ""; for (i = 1; i <= NF; i++) if ($i == "req/s" || $i == "msg/s") rate = $(i - 1); key = $2 " " $3 " " $4 }
    /^RESULT/ { ours[key] = rate }
    /^NODE/   { node[key] = rate }
    END { for (k in ours) if (k in node) printf "ratio jeplua/node  %-24s %.2f\n", k, ours[k] / node[k] }' "$out"
fi
