#!/usr/bin/env bash
# The project's test command: builds every module with a JDK 21+ and runs all tests
# (unit, Lua spec files, real-socket and end-to-end tests through the real jar).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$ROOT/tools/jdk.sh"
jeplua_find_jdk || exit 1
cd "$ROOT"
echo "test.sh: using $JAVA_HOME" >&2
mvn -B verify "$@"
# Lua conformance against the reference interpreter (lua5.2; see conformance/expected-differences.md)
# both modes: interpreted and with the compiled tier (docs/compiled-tier.md), which must agree
conformance/run.sh --jar "$ROOT/cli/target/jeplua.jar" --both
