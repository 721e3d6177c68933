#!/usr/bin/env bash
# Runs a README accuracy recipe with local compute nodes and a coordinator, end to end, and reports the
# final validation error and the wall time from start (JVMs included) to the client's last line.
#   accurate (default): --preset accurate, 4 nodes, h 384, 100 rounds of 1 local epoch, eta 0.3
#   fast:               --preset fast, 2 nodes (a round trains 2 shards), h 384, 360 rounds of 1 epoch, eta 0.1
# NODES=N starts N nodes instead; the model is the same for any number.
#
# usage: scripts/bench-learning.sh DATA_DIR [accurate|fast [ROUNDS]]   (ROUNDS replaces the recipe's)
# Last line: learning: error=<final validation error> seconds=<wall time>
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
[ $# -ge 1 ] || { sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
data=$1 preset=${2:-accurate}
case $preset in
  accurate) recipe=(100 1 384 0.3) nodes=4 ;;
  fast) recipe=(360 1 384 0.1) nodes=2 ;;
  *) echo "bench-learning: no recipe '$preset'; known: accurate, fast" >&2; exit 2 ;;
esac
if [ $# -ge 3 ]; then
  [[ "$3" =~ ^[1-9][0-9]*$ ]] || { echo "bench-learning: ROUNDS must be a positive number, got $3" >&2; exit 2; }
  recipe[0]=$3
fi
mlp_ensure_jar
out=$(mktemp)
trap 'rm -f "$out"' EXIT
start=$(date +%s.%N)
"$MLP_ROOT/scripts/local-cluster.sh" -n "${NODES:-$nodes}" -d 0 "$data" "${recipe[@]}" -- --preset "$preset" --progress plain | tee "$out"
end=$(date +%s.%N)
error=$(sed -n 's/^Final validation error: //p' "$out" | tail -n 1)
[ -n "$error" ] || { echo "bench-learning: the run did not finish" >&2; exit 1; }
echo "learning: error=$error seconds=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')"
