#!/usr/bin/env bash
# Runs README's accuracy recipe (preset 'accurate': h 384, 100 rounds of 1 local epoch, eta 0.3)
# with 4 local compute nodes and a coordinator, end to end, and reports the final validation error
# and the wall time from start (JVMs included) to the client's last line.
#
# usage: scripts/bench-learning.sh DATA_DIR
# Last line: learning: error=<final validation error> seconds=<wall time>
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
[ $# -ge 1 ] || { sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
data=$1
mlp_ensure_jar
out=$(mktemp)
trap 'rm -f "$out"' EXIT
start=$(date +%s.%N)
"$MLP_ROOT/scripts/local-cluster.sh" -n 4 -d 0 "$data" 100 1 384 0.3 -- --preset accurate --progress plain | tee "$out"
end=$(date +%s.%N)
error=$(sed -n 's/^Final validation error: //p' "$out" | tail -n 1)
[ -n "$error" ] || { echo "bench-learning: the run did not finish" >&2; exit 1; }
echo "learning: error=$error seconds=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')"
