#!/usr/bin/env bash
# Run JEPLua: ./run.sh [options] [script.lua [args...]]   (see README.md)
# Builds the runnable jar first when it is missing or older than the sources.
set -euo pipefail
# the checkout's folder, without a subshell or dirname (each process costs ~6 ms on a small VM)
case "${BASH_SOURCE[0]}" in */*) ROOT=${BASH_SOURCE[0]%/*} ;; *) ROOT=. ;; esac
case "$ROOT" in /*) ;; .) ROOT=$PWD ;; *) ROOT=$PWD/$ROOT ;; esac
. "$ROOT/tools/jdk.sh"
JAR="$ROOT/cli/target/jeplua.jar"
# The JDK chosen the first time is remembered beside the jar (cli/target/jeplua.jdk: its java,
# then its major version) and used while it is still installed, so a run does not search every
# installed JDK again (~150 ms) nor read its version (~20 ms); a JAVA_HOME set to another JDK
# than the remembered one is checked instead (and remembered). `rm cli/target/jeplua.jdk` forgets it.
CHOICE="$ROOT/cli/target/jeplua.jdk"
JAVA_MAJOR=""
if [ -f "$CHOICE" ] && { read -r JAVA && read -r JAVA_MAJOR || true; } <"$CHOICE" \
    && [ -n "${JAVA:-}" ] && [ -x "$JAVA" ] \
    && { [ -z "${JAVA_HOME:-}" ] || [ "${JAVA_HOME%/}/bin/java" = "$JAVA" ]; }; then
  JAVA_HOME=${JAVA%/bin/java}
  export JAVA JAVA_HOME
  [ -n "$JAVA_MAJOR" ] || REMEMBER=1 # a file written before the version was remembered too
else
  JAVA_MAJOR=""
  jeplua_find_jdk || exit 1
  REMEMBER=1
fi

# Only the inputs of the jar are looked at (each module's src/main and the poms), not the whole
# tree with its target/ and .git folders, and by bash itself (a recursive glob and -nt, ~8 ms for
# ~330 files) rather than find (~18 ms, most of it starting the process).
stale() {
  [ -f "$JAR" ] || return 0
  local f found=1
  shopt -s globstar nullglob
  for f in "$ROOT"/pom.xml "$ROOT"/*/pom.xml "$ROOT"/*/src/main/**; do
    # a folder is newer when a file in it was added or removed (an editor's swap file too): files only
    if [ "$f" -nt "$JAR" ] && [ -f "$f" ]; then
      found=0
      break
    fi
  done
  shopt -u globstar nullglob
  return $found
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
if [ -n "${REMEMBER:-}" ] && [ -z "${JEPLUA_NO_CACHE:-}" ] && [ -d "$ROOT/cli/target" ]; then
  printf '%s\n%s\n' "$JAVA" "$(jeplua_java_major "$JAVA")" >"$CHOICE"
fi

# the project's JVM flags, explained in tools/jvm.options
jeplua_jvm_options
JVM_OPTS=("${JEPLUA_JVM_OPTS[@]}")

# Start-up cache: a training run after each build records the loaded and linked classes
# (JDK 25+: AOT cache; JDK 21-24: dynamic CDS archive), which roughly halves start-up time.
# Two caches, because a cache's classes are all loaded at every start, used or not: one trained
# on a plain script (jeplua.aot) and one on a QuickApp (jeplua-fibaro.aot, with the Jackson and
# SQLite classes of --fibaro). The arguments choose: a --fibaro, --desktop, --fibaro-proxy or
# --fibaro-resources option before the script (script arguments are not looked at). Each is trained
# by the first run that needs it after a build. A stale or unusable cache is ignored silently;
# delete cli/target/jeplua*.aot (or .jsa) to rebuild them.
KIND=plain
for a in "$@"; do
  case $a in
    --fibaro | --desktop | --fibaro-proxy | --fibaro-resources | --fibaro-resources=*) KIND=fibaro; break ;;
    -) break ;;
    -*) ;;
    *.lua | *.fqa) break ;;
  esac
done
[ -n "$JAVA_MAJOR" ] || JAVA_MAJOR=$(jeplua_java_major "$JAVA")
SUFFIX=""
[ "$KIND" = fibaro ] && SUFFIX=-fibaro
if [ "${JAVA_MAJOR:-0}" -ge 25 ]; then
  CACHE="$ROOT/cli/target/jeplua$SUFFIX.aot"; RECORD=-XX:AOTCacheOutput; USE=-XX:AOTCache
  # Classes only, no method profiles (JEP 515): with the training run's profiles every start
  # replays them as ~120 extra JIT compilations (390 against 266 in a hello), CPU time that the
  # script competes with on a small machine, for profiles of a 50 ms run (docs/design.md#start-up-and-exit-cli).
  NO_PROFILES=(-XX:+UnlockDiagnosticVMOptions -XX:-AOTRecordTraining)
else
  CACHE="$ROOT/cli/target/jeplua$SUFFIX.jsa"; RECORD=-XX:ArchiveClassesAtExit; USE=-XX:SharedArchiveFile
  NO_PROFILES=()
fi
if [ -z "${JEPLUA_NO_CACHE:-}" ]; then
  if [ ! -f "$CACHE" ] || [ "$JAR" -nt "$CACHE" ]; then
    TMP_CACHE="$CACHE.$$.tmp"
    # The training run is a script file with a timer, JSON and a float to print, with an option
    # before it so that the command-line parser (picocli, which a bare `script.lua` skips) is in
    # the cache too; the fibaro one runs it as a QuickApp (--fibaro, with the store in a temporary
    # file). Both are over before the telnet REPL and REST API would start (they start later, off
    # the main path, in runs that last: docs/design.md#start-up-and-exit-cli), so their classes
    # stay out of the caches; a port in use would only print a warning, discarded here
    # (docs/fibaro.md#start-up).
    TRAIN=$(mktemp -t jeplua-train.XXXXXX)
    TRAIN_ARGS=(--loglevel warn)
    echo 'setTimeout(function() print(json.encode({1, "x"}), tostring(1/3)) end, 0)' >"$TRAIN"
    if [ "$KIND" = fibaro ]; then
      # a QuickApp run on a store it ran on before (the usual case: its home is read from the copy
      # beside the store) whose home changes (a new value each run), so the store is written too
      echo 'function QuickApp:onInit() self:updateProperty("value", os.clock()) end' >>"$TRAIN"
      TRAIN_ARGS=(--fibaro --store "$TRAIN.db")
      "$JAVA" "${JVM_OPTS[@]}" -jar "$JAR" "${TRAIN_ARGS[@]}" "$TRAIN" >/dev/null 2>&1 || true
    fi
    if "$JAVA" "${JVM_OPTS[@]}" "${NO_PROFILES[@]}" "$RECORD=$TMP_CACHE" -Xlog:aot=off,cds=off -jar "$JAR" \
          "${TRAIN_ARGS[@]}" "$TRAIN" >/dev/null 2>&1 \
        && [ -f "$TMP_CACHE" ]; then
      mv -f "$TMP_CACHE" "$CACHE"
    else
      rm -f "$TMP_CACHE"
    fi
    rm -rf "$TRAIN" "$TRAIN.db"*
  fi
  [ -f "$CACHE" ] && JVM_OPTS+=("$USE=$CACHE" -Xlog:aot=off,cds=off)
fi

exec "$JAVA" "${JVM_OPTS[@]}" ${JEPLUA_JAVA_OPTS:-} -jar "$JAR" "$@"
