#!/usr/bin/env bash
# Every performance figure of the project side by side, in one run: JEPLua against the peers
# installed on this machine (node, lua5.4), whole processes, with the ratio for each figure.
#
#   start-up     ./run.sh examples/hello.lua, and java -jar alone: the command run.sh runs (its flags
#                and AOT cache, without the shell script) and with no cache at all  vs  node, lua5.4
#   cpu          bench/cpu/*.lua at the sizes below, wall time of the whole process  vs  lua5.4
#   dispatch     1,000,000 setTimeout(fn, 0) in one process, first round included  vs  node
#   net          sequential keep-alive HTTP GETs, 16 in flight, TCP echo (1 and 16 clients)  vs  node
#                (best rate of each side over the runs)
#
# Usage: bench/compare.sh [--quick]      (--quick: smaller sizes, 1 run each; for trying it out)
#        JEPLUA_BENCH_RUNS=n             runs per figure (default 3; start-up always 7), best taken
# Each figure's commands run in alternation, round by round (JEPLua, then its peer, then JEPLua
# again...), so that a slow phase of the machine falls on both sides of a ratio alike.
# Ratios: for times, peer/JEPLua is printed as "x slower" of JEPLua (JEPLua time / peer time);
# for rates, JEPLua rate / peer rate. The issue's figure is the geometric mean of its five workloads (all but objects), printed after the mean of all six.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
. tools/jdk.sh
QUICK=0
[ "${1:-}" = "--quick" ] && QUICK=1
RUNS=${JEPLUA_BENCH_RUNS:-3}
[ $QUICK = 1 ] && RUNS=1
./run.sh -e 'return 1' >/dev/null 2>&1 # builds the jar and the start-up cache when needed
jeplua_find_jdk
jeplua_jvm_options
JAR=cli/target/jeplua.jar

has() { command -v "$1" >/dev/null; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }
# wall_ms CMD...: wall-clock milliseconds of one run of CMD (output discarded)
wall_ms() {
  local s e
  s=$(now_ms)
  "$@" >/dev/null 2>&1 </dev/null
  e=$(now_ms)
  echo $((e - s))
}
# pick best|median T...: the smallest of the times T, or their median
pick() {
  local how=$1
  shift
  if [ "$how" = best ]; then
    printf '%s\n' "$@" | sort -n | head -n 1
  else
    printf '%s\n' "$@" | sort -n | sed -n "$((($# + 1) / 2))p"
  fi
}
# alternate_ms N best|median CMD1... [-- CMD2... [-- ...]]: N rounds, each running every command
# once in turn, so that a slow phase of the machine (other work, a busy neighbour on a virtual
# machine) falls on all sides of a comparison alike; prints the best or median time of each
# command, in order, separated by spaces
alternate_ms() {
  local n=$1 how=$2 k=0 i cmds=() x times=() out=()
  shift 2
  cmds[0]=""
  for x in "$@"; do
    if [ "$x" = -- ]; then
      k=$((k + 1))
      cmds[k]=""
    else
      cmds[k]+="$(printf '%q ' "$x")"
    fi
  done
  for _ in $(seq "$n"); do
    for i in $(seq 0 "$k"); do
      times[i]+="$(eval "wall_ms ${cmds[i]}") "
    done
  done
  for i in $(seq 0 "$k"); do
    # shellcheck disable=SC2086 # the times are words
    out+=("$(pick "$how" ${times[i]})")
  done
  echo "${out[*]}"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
row() { printf '%-34s %12s %12s %12s  %s\n' "$@"; }

echo "bench/compare.sh $*   $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1 /proc/loadavg)"
echo "peers: $("$JAVA" -version 2>&1 | head -1); node $(has node && node --version || echo none); $(has lua5.4 && lua5.4 -v 2>&1 | cut -d' ' -f1-2 || echo 'lua5.4 none')"
echo
row figure JEPLua peer ratio "(ratio: JEPLua/peer for times, lower is better; rates: JEPLua/peer, higher is better)"

# start-up
printf 'console.log("hello")\n' >/tmp/jeplua-compare-hello.js
S=7
# the start-up cache run.sh trained above (JDK 25+: AOT cache; 21-24: dynamic CDS archive)
CACHE_OPTS=()
if [ "$(jeplua_java_major "$JAVA")" -ge 25 ]; then
  if [ -f cli/target/jeplua.aot ]; then CACHE_OPTS=(-XX:AOTCache=cli/target/jeplua.aot -Xlog:aot=off,cds=off); fi
elif [ -f cli/target/jeplua.jsa ]; then
  CACHE_OPTS=(-XX:SharedArchiveFile=cli/target/jeplua.jsa -Xlog:aot=off,cds=off)
fi
PEERS=()
has node && PEERS+=(-- node /tmp/jeplua-compare-hello.js)
has lua5.4 && PEERS+=(-- lua5.4 examples/hello.lua)
read -r ours cached jar p1 p2 < <(alternate_ms $S median ./run.sh examples/hello.lua \
  -- "$JAVA" "${JEPLUA_JVM_OPTS[@]}" "${CACHE_OPTS[@]}" -jar "$JAR" examples/hello.lua \
  -- "$JAVA" "${JEPLUA_JVM_OPTS[@]}" -jar "$JAR" examples/hello.lua "${PEERS[@]}")
l=${p1:-} # lua5.4's time: the first peer's when there is no node
if has node; then
  node_ms=$p1
  l=${p2:-}
  row "start-up ./run.sh hello (ms, median)" "$ours" "node $node_ms" "$(ratio "$ours" "$node_ms")"
  row "start-up java -jar hello, run.sh's" "$cached" "node $node_ms" "$(ratio "$cached" "$node_ms")"
  row "start-up java -jar hello, no cache" "$jar" "node $node_ms" "$(ratio "$jar" "$node_ms")"
fi
if has lua5.4; then
  row "start-up hello vs lua5.4 (ms)" "$ours" "lua5.4 $l" "$(ratio "$ours" "$l")"
fi

# cpu: the sizes of the performance issue (about 1-7 s each on lua5.4 on this machine kind)
declare -A SIZE=([fib]=34 [binary_trees]=16 [n_body]=1000000 [spectral_norm]=1000 [string_build]=1000000 [objects]=1000000)
if [ $QUICK = 1 ]; then SIZE=([fib]=27 [binary_trees]=12 [n_body]=100000 [spectral_norm]=200 [string_build]=100000 [objects]=100000); fi
logsum=0
count=0
logsum5=0
count5=0
for name in fib binary_trees n_body spectral_norm string_build objects; do
  f=bench/cpu/$name.lua
  n=${SIZE[$name]}
  if has lua5.4; then
    read -r ours theirs < <(alternate_ms "$RUNS" best ./run.sh --no-telnet --no-api "$f" "$n" -- lua5.4 "$f" "$n")
    r=$(ratio "$ours" "$theirs")
    row "cpu $name $n (ms, best)" "$ours" "lua5.4 $theirs" "$r"
    logsum=$(awk -v s="$logsum" -v r="$r" 'BEGIN { print s + log(r) }')
    count=$((count + 1))
    if [ "$name" != objects ]; then # the issue's five workloads
      logsum5=$(awk -v s="$logsum5" -v r="$r" 'BEGIN { print s + log(r) }')
      count5=$((count5 + 1))
    fi
  else
    ours=$(alternate_ms "$RUNS" best ./run.sh --no-telnet --no-api "$f" "$n")
    row "cpu $name $n (ms, best)" "$ours" "-" "-"
  fi
done
if [ "$count" -gt 0 ]; then
  row "cpu geometric mean of ratios" "" "" "$(awk -v s="$logsum" -v c="$count" 'BEGIN { printf "%.2f", exp(s / c) }')"
  row "cpu geometric mean, issue's five" "" "" "$(awk -v s="$logsum5" -v c="$count5" 'BEGIN { printf "%.2f", exp(s / c) }')"
fi

# dispatch: one round of N timeouts in a fresh process, so the first (cold) round counts
N=1000000
[ $QUICK = 1 ] && N=200000
if has node; then
  read -r ours theirs < <(alternate_ms "$RUNS" best ./run.sh --no-telnet --no-api bench/dispatch.lua "$N" 1 \
    -- node bench/dispatch.js "$N" 1)
  a=$(awk -v n="$N" -v t="$ours" 'BEGIN { printf "%.0f", n / t * 1000 }')
  b=$(awk -v n="$N" -v t="$theirs" 'BEGIN { printf "%.0f", n / t * 1000 }')
  row "dispatch $N setTimeout (cb/s, process)" "$a" "node $b" "$(ratio "$a" "$b")"
fi

# net: the rates the scripts print (RESULT lines), JEPLua then node, RUNS rounds, the best
# rate of each side per figure (as the cpu rows take the best time)
H=20000
M=50000
[ $QUICK = 1 ] && H=2000 && M=5000
out=$(mktemp)
trap 'rm -f "$out" /tmp/jeplua-compare-hello.js' EXIT
for _ in $(seq "$RUNS"); do
  ./run.sh --no-telnet --no-api bench/net_http.lua "$H" >>"$out" 2>/dev/null || true
  ./run.sh --no-telnet --no-api bench/net_tcp.lua "$M" >>"$out" 2>/dev/null || true
  if has node; then node bench/net_node.js "$H" "$M" 2>/dev/null | sed 's/^RESULT /NODE /' >>"$out" || true; fi
done
awk '
  {
    rate = ""; key = $2
    for (i = 1; i <= NF; i++) if ($i == "req/s" || $i == "msg/s") rate = $(i - 1)
    for (i = 3; i <= NF && $i !~ /^(requests|messages)=/; i++) key = key " " $i
  }
  /^RESULT/ { if (!(key in ours)) order[++n] = key; if (rate + 0 > ours[key] + 0) ours[key] = rate }
  /^NODE/   { if (rate + 0 > node[key] + 0) node[key] = rate }
  END {
    for (i = 1; i <= n; i++) {
      k = order[i]
      unit = (k ~ /^http/) ? "req/s" : "msg/s"
      printf "%-34s %12s %12s %12s\n", "net " k " (" unit ")", ours[k], (k in node) ? "node " node[k] : "-", (k in node && node[k] > 0) ? sprintf("%.2f", ours[k] / node[k]) : "-"
    }
  }' "$out"
