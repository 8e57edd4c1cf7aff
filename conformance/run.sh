#!/usr/bin/env bash
# Differential conformance suite: runs every conformance/cases/*.lua with the reference
# interpreter (Debian's lua5.4) and with the JEPLua jar, and compares what each prints: stdout,
# the first line of stderr (with the program name "lua5.4: "/"jeplua: " removed; tracebacks are
# compared by the cases that print debug.traceback themselves) and the exit status.
# Prints the differing cases and the pass count; fails when the pass count drops below the
# number recorded in conformance/min-pass (kept differences: conformance/expected-differences.md).
#
# Usage: conformance/run.sh [--jar JAR] [--verbose] [--compile | --both]
#        (default jar: cli/target/jeplua.jar; default mode: JEPLua as configured, i.e. interpreted
#        unless JEPLUA_COMPILE is set; --compile runs JEPLua with the compiled tier on
#        (JEPLUA_COMPILE=on, docs/compiled-tier.md); --both runs every case in both modes, applies
#        the recorded minimum to each and fails when a case gives different results compiled and
#        interpreted)
# Needs lua5.4 (apt-get install lua5.4); without it the suite is skipped with a notice.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$ROOT/tools/jdk.sh"
jeplua_find_jdk
jeplua_jvm_options
JAR="$ROOT/cli/target/jeplua.jar"
VERBOSE=0
MODES=default
ARGS="$*"
while [ $# -gt 0 ]; do
  case "$1" in
    --jar) JAR=$2; shift 2 ;;
    --verbose) VERBOSE=1; shift ;;
    --compile) MODES=on; shift ;;
    --both) MODES="off on"; shift ;;
    *) echo "usage: $0 [--jar JAR] [--verbose] [--compile | --both]" >&2; exit 2 ;;
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
export JEPLUA_CONF_MODES="$MODES"

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
  local mode
  for mode in $JEPLUA_CONF_MODES; do
    st=0
    # shellcheck disable=SC2086  # the flags of tools/jvm.options, split at spaces
    if [ "$mode" = default ]; then
      timeout 60 "$JEPLUA_CONF_JAVA" $JEPLUA_CONF_JVM_OPTS -Xshare:auto \
        -jar "$JEPLUA_CONF_JAR" --no-telnet --no-api "$name.lua" >"$tmp.o2" 2>"$tmp.e2" </dev/null || st=$?
    else
      JEPLUA_COMPILE=$mode timeout 60 "$JEPLUA_CONF_JAVA" $JEPLUA_CONF_JVM_OPTS -Xshare:auto \
        -jar "$JEPLUA_CONF_JAR" --no-telnet --no-api "$name.lua" >"$tmp.o2" 2>"$tmp.e2" </dev/null || st=$?
    fi
    normalize "$tmp.o2" "$tmp.e2" "$st" "jeplua" > "$tmp.jep.$mode"
  done
}
export -f run_one

cd "$CASES"
ls *.lua | sed 's/\.lua$//' | xargs -P 2 -I{} bash -c 'run_one {}'

known=$(sed -n 's/^| *`\([a-z0-9_]*\)` *|.*/\1/p' "$ROOT/conformance/expected-differences.md" 2>/dev/null || true)
min=$(cat "$ROOT/conformance/min-pass" 2>/dev/null || echo 0)
status=0
for mode in $MODES; do
  total=0; pass=0; failed=()
  for f in *.lua; do
    name=${f%.lua}
    total=$((total + 1))
    if cmp -s "$OUT/$name.ref" "$OUT/$name.jep.$mode"; then
      pass=$((pass + 1))
    else
      failed+=("$name")
    fi
  done
  case $mode in default) label="" ;; on) label=" (compiled)" ;; off) label=" (interpreted)" ;; esac
  for name in "${failed[@]}"; do
    if grep -qx "$name" <<<"$known"; then tag="known difference"; else tag="UNEXPECTED"; fi
    echo "DIFF$label $name ($tag)"
    if [ "$VERBOSE" = 1 ] || [ "$tag" = UNEXPECTED ]; then
      diff "$OUT/$name.ref" "$OUT/$name.jep.$mode" | sed 's/^/    /' | head -n 20 || true
    fi
  done
  pct=$((pass * 100 / total))
  echo "conformance$label: $pass/$total cases identical to the reference ($pct%); recorded minimum $min"
  if [ "$pass" -lt "$min" ]; then
    echo "conformance$label: FAILED, pass count $pass is below the recorded $min" >&2
    status=1
  fi
done
if [ "$MODES" = "off on" ]; then
  modediff=0
  for f in *.lua; do
    name=${f%.lua}
    if ! cmp -s "$OUT/$name.jep.off" "$OUT/$name.jep.on"; then
      modediff=$((modediff + 1))
      echo "MODE DIFF $name (compiled and interpreted differ)"
      diff "$OUT/$name.jep.off" "$OUT/$name.jep.on" | sed 's/^/    /' | head -n 20 || true
    fi
  done
  echo "conformance: $modediff cases differ between compiled and interpreted"
  [ "$modediff" -eq 0 ] || status=1
fi
echo "command: conformance/run.sh $ARGS"
exit $status
