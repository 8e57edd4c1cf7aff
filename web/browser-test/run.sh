#!/usr/bin/env bash
# Browser test of the web REPL page (README.md#rest-api-and-web-repl): Debian's headless Chromium driven by
# playwright-core (page.test.mjs) against the real jar. Installs what is missing: nodejs/npm and
# chromium through apt (as root, as CI runs), playwright-core through npm (package-lock.json).
# The screenshots go to web/browser-test/out/page.png and out/quickapp.png (the --fibaro QuickApp panel, quickapp.test.mjs).
#   web/browser-test/run.sh [jar]     (default cli/target/jeplua.jar, built when missing)
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
. "$ROOT/tools/jdk.sh"
jeplua_find_jdk
JAR=${1:-$ROOT/cli/target/jeplua.jar}

need=()
command -v node >/dev/null 2>&1 || need+=(nodejs)
command -v npm >/dev/null 2>&1 || need+=(npm)
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || need+=(chromium)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "web/browser-test: missing ${need[*]}; install them (apt-get install ${need[*]}) or run as root" >&2
    exit 1
  fi
  echo "web/browser-test: installing ${need[*]} (apt)" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
if [ ! -d "$HERE/node_modules/playwright-core" ]; then
  echo "web/browser-test: installing playwright-core (npm ci)" >&2
  (cd "$HERE" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi
if [ ! -f "$JAR" ]; then
  echo "web/browser-test: building $JAR" >&2
  (cd "$ROOT" && mvn -B -q -DskipTests package)
fi
echo "\$ node web/browser-test/page.test.mjs $JAR"
node "$HERE/page.test.mjs" "$JAR" "$JAVA"
echo "\$ node web/browser-test/quickapp.test.mjs $JAR"
node "$HERE/quickapp.test.mjs" "$(cd "$(dirname "$JAR")" && pwd)/$(basename "$JAR")" "$JAVA"
