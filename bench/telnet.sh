#!/usr/bin/env bash
# Telnet REPL benchmarks (issue 3): broadcast throughput to 10 clients, `1+1` round-trip latency,
# and what interruptibility (InterruptibleDebugLib's per-instruction check) costs on fib(30).
# Usage: bench/telnet.sh [jar]   (default cli/target/jeplua.jar; built via run.sh when missing)
# Prints the machine, each command and its figures. Same JVM flags as run.sh.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$ROOT/tools/jdk.sh"
jeplua_find_jdk
JAR=${1:-$ROOT/cli/target/jeplua.jar}
[ -f "$JAR" ] || (cd "$ROOT" && ./run.sh -e 'return 1' >/dev/null)
echo "machine: $(nproc) cores, $(uname -sr), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $("$JAVA" -version 2>&1 | head -1)"
JVM=("$JAVA" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Djdk.virtualThreadScheduler.parallelism=1
     -Djdk.virtualThreadScheduler.maxPoolSize=256 -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$JAR")
for prog in TelnetBench TelnetInterruptCost; do
  echo "\$ ${JVM[*]} bench/$prog.java"
  "${JVM[@]}" "$ROOT/bench/$prog.java"
done
echo "(C2 as well, without -XX:TieredStopAtLevel=1:)"
JVM2=("$JAVA" -XX:+UseSerialGC -Djdk.virtualThreadScheduler.parallelism=1 -cp "$JAR")
echo "\$ ${JVM2[*]} bench/TelnetInterruptCost.java"
"${JVM2[@]}" "$ROOT/bench/TelnetInterruptCost.java"
