#!/usr/bin/env bash
# CPU benchmarks: runs each bench/cpu/*.lua with JEPLua (same JVM flags as run.sh) and, when
# installed, with Debian's lua5.4 and lua5.2, printing wall-clock seconds per run.
# Usage: bench/cpu.sh [jar]   (default cli/target/jeplua.jar; JEPLUA_BENCH_RUNS=n repeats, best kept)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$ROOT/tools/jdk.sh"
jeplua_find_jdk
JAR=${1:-$ROOT/cli/target/jeplua.jar}
RUNS=${JEPLUA_BENCH_RUNS:-3}
JVM=("$JAVA" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto
     -Djdk.virtualThreadScheduler.parallelism=1 -Djdk.virtualThreadScheduler.maxPoolSize=256
     -Djdk.trackAllThreads=false -jar "$JAR")
best() {  # best wall time (s) of $RUNS runs of "$@"
  local b="" s e t
  for _ in $(seq "$RUNS"); do
    s=$(date +%s.%N); "$@" >/dev/null; e=$(date +%s.%N)
    t=$(echo "$e - $s" | bc -l)
    if [ -z "$b" ] || [ "$(echo "$t < $b" | bc -l)" = 1 ]; then b=$t; fi
  done
  printf '%.3f' "$b"
}
echo "command: bench/cpu.sh $JAR   (best of $RUNS, wall s; $(nproc) cores; $("$JAVA" -version 2>&1 | head -1))"
printf '%-16s %10s %10s %10s\n' benchmark jeplua lua5.4 lua5.2
for f in "$ROOT"/bench/cpu/*.lua; do
  name=$(basename "$f" .lua)
  j=$(best "${JVM[@]}" "$f")
  l4=-; l2=-
  command -v lua5.4 >/dev/null && l4=$(best lua5.4 "$f")
  command -v lua5.2 >/dev/null && l2=$(best lua5.2 "$f")
  printf '%-16s %10s %10s %10s\n' "$name" "$j" "$l4" "$l2"
done
