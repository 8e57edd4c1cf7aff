#!/usr/bin/env bash
# Run JEPLua: ./run.sh [options] [script.lua [args...]]   (see README.md)
# Builds the runnable jar first when it is missing or older than the sources.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$ROOT/tools/jdk.sh"
jeplua_find_jdk || exit 1
JAR="$ROOT/cli/target/jeplua.jar"

stale() {
  [ -f "$JAR" ] || return 0
  [ -n "$(find "$ROOT" -path "$ROOT/.git" -prune -o \( -path '*/src/main/*' -o -name pom.xml \) -newer "$JAR" -type f -print -quit 2>/dev/null)" ]
}

if stale; then
  echo "jeplua: building (first run or sources changed)..." >&2
  LOG=$(mktemp -t jeplua-build.XXXXXX)
  if ! (cd "$ROOT" && mvn -B -q -DskipTests package >"$LOG" 2>&1); then
    cat "$LOG" >&2
    echo "jeplua: build failed (log above)" >&2
    rm -f "$LOG"
    exit 1
  fi
  rm -f "$LOG"
fi

exec "$JAVA" -Xss128m -XX:+UseSerialGC -Xshare:auto \
  -Djdk.virtualThreadScheduler.parallelism=1 -Djdk.virtualThreadScheduler.maxPoolSize=256 \
  -Djdk.trackAllThreads=false \
  ${JEPLUA_JAVA_OPTS:-} -jar "$JAR" "$@"
