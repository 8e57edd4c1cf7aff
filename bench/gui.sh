#!/usr/bin/env bash
# Native-window benchmark (issue 5): 1,000 updateElement calls in one event-loop batch.
# Usage: bench/gui.sh [rounds] [jar]   (default 20 rounds, jar cli/target/jeplua.jar; builds it via run.sh when missing)
# Needs a display: uses xvfb-run when DISPLAY is unset. Prints the machine, the command and the figures.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$ROOT/tools/jdk.sh"
jeplua_find_jdk
jeplua_jvm_options
ROUNDS=${1:-20}
JAR=${2:-$ROOT/cli/target/jeplua.jar}
[ -f "$JAR" ] || (cd "$ROOT" && ./run.sh -e 'return 1' >/dev/null)
echo "machine: $(nproc) cores, $(uname -sr), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $("$JAVA" -version 2>&1 | head -1)"
CMD=("$JAVA" "${JEPLUA_JVM_OPTS[@]}" -cp "$JAR" "$ROOT/bench/GuiUpdateBench.java" "$ROUNDS")
if [ -z "${DISPLAY:-}" ]; then
  command -v xvfb-run >/dev/null || { echo "bench/gui.sh: no DISPLAY and no xvfb-run (apt-get install xvfb)" >&2; exit 1; }
  CMD=(xvfb-run -a -s "-screen 0 1024x768x24" "${CMD[@]}")
fi
echo "\$ ${CMD[*]}"
"${CMD[@]}"
