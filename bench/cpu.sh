#!/usr/bin/env bash
# CPU benchmarks: runs each bench/cpu/*.lua with JEPLua (the JVM flags of run.sh; interpreted,
# column jeplua, and with the compiled tier, column jeplua-c) and, when
# installed, with Debian's lua5.4 and lua5.2, and prints the best of N runs: wall-clock seconds
# (with start-up) and the seconds the script reports for its own work (without start-up).
# Runs of the different interpreters alternate, so load from other processes hits all alike.
#
# Usage: bench/cpu.sh [jar [other-jar]]    (default cli/target/jeplua.jar; a second jar, e.g. a
#        build from before a change, gets its own column)   JEPLUA_BENCH_RUNS=n (default 3)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$ROOT/tools/jdk.sh"
jeplua_find_jdk
jeplua_jvm_options
JAR=${1:-$ROOT/cli/target/jeplua.jar}
JAR2=${2:-}
RUNS=${JEPLUA_BENCH_RUNS:-3}
# jvm JAR FILE: the options go before the script (after it they would be the script's arguments)
jvm() { "$JAVA" "${JEPLUA_JVM_OPTS[@]}" -Xshare:auto -jar "$1" --no-telnet --no-api "${@:2}"; }
# jeplua: the interpreter; jeplua-c: the compiled tier (docs/compiled-tier.md)
jvmi() { JEPLUA_COMPILE=off jvm "$@"; }
jvmc() { JEPLUA_COMPILE=on jvm "$@"; }
names=(jeplua jeplua-c); cmds=("jvmi $JAR" "jvmc $JAR")
if [ -n "$JAR2" ]; then names+=(jeplua-2); cmds+=("jvmi $JAR2"); fi
for l in lua5.4 lua5.2; do
  if command -v "$l" >/dev/null; then names+=("$l"); cmds+=("$l"); fi
done
# secs CMD FILE: "wall_ms script_ms" -- wall clock of the process, and the time the script itself
# reports ("... in X s cpu", from os.clock), which leaves out JVM start-up
secs() {
  local s e out t
  s=$(date +%s%N); out=$($1 "$2" | tail -n 1); e=$(date +%s%N)
  t=$(sed -n 's/.* in \([0-9.]*\) s cpu$/\1/p' <<<"$out")
  echo "$(((e - s) / 1000000)) $(printf '%.0f' "$(echo "${t:-0} * 1000" | bc -l)")"
}
echo "command: bench/cpu.sh $*   (best of $RUNS, wall s, runs alternate; $(nproc) cores; $("$JAVA" -version 2>&1 | head -1))"
[ -n "$JAR2" ] && echo "jeplua = $JAR, jeplua-2 = $JAR2"
printf '%-16s' benchmark; for n in "${names[@]}"; do printf ' %10s' "$n"; done
printf '   | in-script:'; for n in "${names[@]}"; do printf ' %10s' "$n"; done; echo
for f in "$ROOT"/bench/cpu/*.lua; do
  declare -a best=() inner=()
  for _ in $(seq "$RUNS"); do
    for i in "${!cmds[@]}"; do
      read -r ms sms <<<"$(secs "${cmds[$i]}" "$f")"
      if [ -z "${best[$i]:-}" ] || [ "$ms" -lt "${best[$i]}" ]; then best[$i]=$ms; fi
      if [ -z "${inner[$i]:-}" ] || [ "$sms" -lt "${inner[$i]}" ]; then inner[$i]=$sms; fi
    done
  done
  printf '%-16s' "$(basename "$f" .lua)"
  for i in "${!cmds[@]}"; do printf ' %10.3f' "$(echo "${best[$i]} / 1000" | bc -l)"; done
  printf '   |           '
  for i in "${!cmds[@]}"; do printf ' %10.3f' "$(echo "${inner[$i]} / 1000" | bc -l)"; done; echo
  unset best inner
done
