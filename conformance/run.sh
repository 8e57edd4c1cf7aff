#!/usr/bin/env bash
# Differential conformance suite: runs every conformance/cases/*.lua with the reference
# interpreter (Debian's lua5.4) and with the JEPLua jar, and compares what each prints: stdout,
# the first line of stderr (with the program name "lua5.4: "/"jeplua: " removed; tracebacks are
# compared by the cases that print debug.traceback themselves) and the exit status.
# Prints the differing cases and the pass count; fails when the pass count drops below the
# number recorded in conformance/min-pass (kept differences: conformance/expected-differences.md).
#
# Usage: conformance/run.sh [--jar JAR] [--verbose]     (default jar: cli/target/jeplua.jar)
# Needs lua5.4 (apt-get install lua5.4); without it the suite is skipped with a notice.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$ROOT/tools/jdk.sh"
jeplua_find_jdk
jeplua_jvm_options
JAR="$ROOT/cli/target/jeplua.jar"
VERBOSE=0
while [ $# -gt 0 ]; do
  case "$1" in
    --jar) JAR=$2; shift 2 ;;
    --verbose) VERBOSE=1; shift ;;
    *) echo "usage: $0 [--jar JAR] [--verbose]" >&2; exit 2 ;;
  esac
done
if ! command -v lua5.4 >/dev/null; then
  echo "conformance: lua5.4 not installed (apt-get install lua5.4); suite skipped" >&2
  exit 0
fi
[ -f "$JAR" ] || { echo "conformance: $JAR missing (build first: mvn -DskipTests package)" >&2; exit 1; }
JAR="$(cd "$(dirname "$JAR")" && pwd)/$(basename "$JAR")"

CASES="$ROOT/conformance/cases"
OUT=$(mktemp -d -t jeplua-conformance.XXXXXX)
trap 'rm -rf "$OUT"' EXIT
# run_one runs in child shells (xargs -P), which get no arrays: the flags travel as one string
# (tools/jvm.options has no flag with a space)
export JEPLUA_CONF_JAVA="$JAVA" JEPLUA_CONF_JAR="$JAR" JEPLUA_CONF_OUT="$OUT" JEPLUA_CONF_JVM_OPTS="${JEPLUA_JVM_OPTS[*]}"

# run_one NAME: writes $OUT/NAME.ref and $OUT/NAME.jep (normalized results of both interpreters)
run_one() {
  local name=$1 ref=lua5.4 tmp
  tmp=$JEPLUA_CONF_OUT/$name
  normalize() {  # $1 = stdout file, $2 = stderr file, $3 = status, $4 = program prefix
    cat "$1"
    echo "-- stderr: $(grep -v -E '^(\[[^]]*\] (INFO|WARN|DEBUG)|WARNING: )' "$2" | head -n 1 | sed -e "s/^$4: //")"
    echo "-- status: $3"
  }
  local st=0
  timeout 20 "$ref" "$name.lua" >"$tmp.o1" 2>"$tmp.e1" </dev/null || st=$?
  normalize "$tmp.o1" "$tmp.e1" "$st" "$ref" > "$tmp.ref"
  st=0
  # shellcheck disable=SC2086  # the flags of tools/jvm.options, split at spaces
  timeout 60 "$JEPLUA_CONF_JAVA" $JEPLUA_CONF_JVM_OPTS -Xshare:auto \
    -jar "$JEPLUA_CONF_JAR" --no-telnet --no-api "$name.lua" >"$tmp.o2" 2>"$tmp.e2" </dev/null || st=$?
  normalize "$tmp.o2" "$tmp.e2" "$st" "jeplua" > "$tmp.jep"
}
export -f run_one

cd "$CASES"
ls *.lua | sed 's/\.lua$//' | xargs -P 2 -I{} bash -c 'run_one {}'

total=0; pass=0; failed=()
for f in *.lua; do
  name=${f%.lua}
  total=$((total + 1))
  if cmp -s "$OUT/$name.ref" "$OUT/$name.jep"; then
    pass=$((pass + 1))
  else
    failed+=("$name")
  fi
done
known=$(sed -n 's/^| *`\([a-z0-9_]*\)` *|.*/\1/p' "$ROOT/conformance/expected-differences.md" 2>/dev/null || true)
for name in "${failed[@]}"; do
  if grep -qx "$name" <<<"$known"; then tag="known difference"; else tag="UNEXPECTED"; fi
  echo "DIFF $name ($tag)"
  if [ "$VERBOSE" = 1 ] || [ "$tag" = UNEXPECTED ]; then
    diff "$OUT/$name.ref" "$OUT/$name.jep" | sed 's/^/    /' | head -n 20 || true
  fi
done
min=$(cat "$ROOT/conformance/min-pass" 2>/dev/null || echo 0)
pct=$((pass * 100 / total))
echo "conformance: $pass/$total cases identical to the reference ($pct%); recorded minimum $min"
echo "command: conformance/run.sh --jar $JAR"
if [ "$pass" -lt "$min" ]; then
  echo "conformance: FAILED, pass count $pass is below the recorded $min" >&2
  exit 1
fi
