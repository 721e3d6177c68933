#!/usr/bin/env bash
# Regenerates the Java sources of thrift/*.thrift into src/gen/java (committed, never edited by hand).
# Needs Debian's thrift-compiler 0.17.0, the version libthrift is pinned to in pom.xml.
# --check: generate into a temporary directory and fail when it differs from what is committed.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
want=0.17.0
command -v thrift >/dev/null || { echo "gen-thrift: thrift compiler not found (apt-get install thrift-compiler)" >&2; exit 2; }
have=$(thrift --version | awk '{print $3}')
[ "$have" = "$want" ] || { echo "gen-thrift: thrift $have found, $want needed (pom pins libthrift $want)" >&2; exit 2; }
out=$(mktemp -d); trap 'rm -rf "$out"' EXIT
for f in "$root"/thrift/*.thrift; do thrift --gen java:generated_annotations=suppress -out "$out" "$f"; done
if [ "${1:-}" = "--check" ]; then
  if diff -r "$out" "$root/src/gen/java" >/dev/null; then echo "gen-thrift: generated sources are up to date"; exit 0; fi
  echo "gen-thrift: src/gen/java differs from a fresh generation of thrift/; run scripts/gen-thrift.sh and commit" >&2
  diff -r "$out" "$root/src/gen/java" | head -20 >&2; exit 1
fi
rm -rf "$root/src/gen/java"; mkdir -p "$root/src/gen/java"; cp -r "$out"/. "$root/src/gen/java/"
echo "gen-thrift: wrote $(find "$root/src/gen/java" -name '*.java' | wc -l) files to src/gen/java"
