# Sourced by run.sh, test.sh, conformance/run.sh and bench/*.sh: jeplua_find_jdk sets JAVA_HOME
# and JAVA to a JDK 21 or newer ($JAVA_HOME, `java` on PATH, then the newest JDK under
# /usr/lib/jvm); jeplua_jvm_options reads the project's JVM flags from tools/jvm.options.

jeplua_java_major() {  # prints the major version of the java binary $1
  local home release v
  # Cheap path: the JDK's "release" file (no JVM start-up); fall back to asking java itself.
  home=$(cd "$(dirname "$(readlink -f "$1")")/.." 2>/dev/null && pwd)
  release="$home/release"
  if [ -f "$release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release" | head -n 1)
    if [ -n "$v" ]; then echo "$v"; return; fi
  fi
  "$1" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}

jeplua_find_jdk() {
  local cand major best="" best_major=0
  for cand in "${JAVA_HOME:+$JAVA_HOME/bin/java}" "$(command -v java 2>/dev/null)"; do
    [ -n "$cand" ] && [ -x "$cand" ] || continue
    major=$(jeplua_java_major "$cand")
    if [ "${major:-0}" -ge 21 ]; then best="$cand"; break; fi
  done
  if [ -z "$best" ]; then
    for cand in /usr/lib/jvm/*/bin/java; do
      [ -x "$cand" ] || continue
      major=$(jeplua_java_major "$cand")
      if [ "${major:-0}" -ge 21 ] && [ "$major" -gt "$best_major" ]; then best="$cand"; best_major=$major; fi
    done
  fi
  if [ -z "$best" ]; then
    echo "jeplua: a JDK 21 or newer is required (checked JAVA_HOME, java on PATH, /usr/lib/jvm)" >&2
    return 1
  fi
  JAVA="$best"
  JAVA_HOME=$(cd "$(dirname "$best")/.." && pwd)
  export JAVA_HOME JAVA
}

# Fills the array JEPLUA_JVM_OPTS with the flags of tools/jvm.options (beside this file): one
# flag per line, '#' starts a comment, blank lines are skipped. No subprocess (start-up path).
jeplua_jvm_options() {
  local dir line
  case "${BASH_SOURCE[0]}" in */*) dir=${BASH_SOURCE[0]%/*} ;; *) dir=. ;; esac
  JEPLUA_JVM_OPTS=()
  while IFS= read -r line || [ -n "$line" ]; do
    line=${line%%#*}
    line=${line#"${line%%[![:space:]]*}"}
    line=${line%"${line##*[![:space:]]}"}
    [ -n "$line" ] && JEPLUA_JVM_OPTS+=("$line")
  done <"$dir/jvm.options"
  # Transparent huge pages for the heap when the kernel offers them on request ("[madvise]") or
  # always: a first touch of fresh heap then costs one fault per 2 MB instead of one per 4 kB,
  # which on virtual machines is most of an allocation-heavy script's first pass through the
  # young generation (docs/design.md, "Memory and page faults"). Not given when the kernel has
  # them off ("[never]"), where the JVM would print a warning on standard output.
  local thp=""
  if [ -r /sys/kernel/mm/transparent_hugepage/enabled ]; then
    read -r thp </sys/kernel/mm/transparent_hugepage/enabled || true
  fi
  case "$thp" in *"[madvise]"* | *"[always]"*) JEPLUA_JVM_OPTS+=(-XX:+UseTransparentHugePages) ;; esac
}
