#!/usr/bin/env bash
# Telnet REPL benchmarks (issue 3): broadcast throughput to 10 clients, `1+1` round-trip latency,
# and what interruptibility (InterruptibleDebugLib's per-instruction check) costs on fib(30).
# Usage: bench/telnet.sh [jar]   (default cli/target/jeplua.jar; built via run.sh when missing)
# Prints the machine, each command and its figures. Same JVM flags as run.sh.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$ROOT/tools/jdk.sh"
jeplua_find_jdk
jeplua_jvm_options
JAR=${1:-$ROOT/cli/target/jeplua.jar}
[ -f "$JAR" ] || (cd "$ROOT" && ./run.sh -e 'return 1' >/dev/null)
echo "machine: $(nproc) cores, $(uname -sr), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $("$JAVA" -version 2>&1 | head -1)"
JVM=("$JAVA" "${JEPLUA_JVM_OPTS[@]}" -XX:TieredStopAtLevel=1 -XX:+EnableDynamicAgentLoading -cp "$JAR")
echo "\$ ${JVM[*]} bench/TelnetBench.java"
"${JVM[@]}" "$ROOT/bench/TelnetBench.java"

interrupt_cost() {  # $@ = JVM command; one fresh JVM per variant, best/median ms of 7 runs of fib(30)
  declare -A best med
  for v in a b c d; do
    read -r _ b m < <("$@" "$ROOT/bench/TelnetInterruptCost.java" "$v" 30 7 2>/dev/null | tail -1)
    best[$v]=$b; med[$v]=$m
  done
  printf '  %-44s best %8s ms  median %8s ms\n' "a: LuaJ, no debug library" "${best[a]}" "${med[a]}" \
    "b: LuaJ DebugLib (tracebacks need it)" "${best[b]}" "${med[b]}" \
    "c: InterruptibleDebugLib (b + interrupt check)" "${best[c]}" "${med[c]}" \
    "d: LuaEngine.execute (the whole engine)" "${best[d]}" "${med[d]}"
  awk -v b="${best[b]}" -v c="${best[c]}" -v mb="${med[b]}" -v mc="${med[c]}" -v a="${best[a]}" \
    'BEGIN { printf "  cost of the interrupt check, c/b: best %.3f, median %.3f (c/a: %.3f)\n", c/b, mc/mb, c/a }'
}
echo "\$ ${JVM[*]} bench/TelnetInterruptCost.java {a,b,c,d} 30 7   (fib(30), run.sh's C1-only flags)"
interrupt_cost "${JVM[@]}"
JVM2=("$JAVA" "${JEPLUA_JVM_OPTS[@]}" -XX:+EnableDynamicAgentLoading -cp "$JAR")
echo "\$ ${JVM2[*]} bench/TelnetInterruptCost.java {a,b,c,d} 30 7   (with C2)"
interrupt_cost "${JVM2[@]}"
