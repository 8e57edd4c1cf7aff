#!/usr/bin/env bash
# Store benchmark (issue 8): 100,000 writes in one batch, 100,000 single-write batches, file size.
# Usage: bench/store.sh [N] [jar]   (default N=100000, jar cli/target/jeplua.jar; builds it via run.sh when missing)
# Prints the machine, the command, the figures, and the database size after an orderly shutdown.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$ROOT/tools/jdk.sh"
jeplua_find_jdk
jeplua_jvm_options
N=${1:-100000}
JAR=${2:-$ROOT/cli/target/jeplua.jar}
[ -f "$JAR" ] || (cd "$ROOT" && ./run.sh -e 'return 1' >/dev/null)
DIR=$(mktemp -d -t jeplua-store-bench.XXXXXX)
trap 'rm -rf "$DIR"' EXIT
echo "machine: $(nproc) cores, $(uname -sr), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $("$JAVA" -version 2>&1 | head -1)"
CMD=("$JAVA" "${JEPLUA_JVM_OPTS[@]}" -XX:TieredStopAtLevel=1
     --enable-native-access=ALL-UNNAMED -jar "$JAR" --store "$DIR/store.db" "$ROOT/bench/store.lua" "$N")
echo "\$ ${CMD[*]}"
"${CMD[@]}"
echo "RESULT size_closed: $(stat -c %s "$DIR/store.db") bytes ($DIR/store.db after shutdown; $((2 * N)) entries in 2 tables)"
ls -l "$DIR"
