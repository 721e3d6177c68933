#!/usr/bin/env bash
# The handwritten digits' results table (README): on a directory from scripts/fetch-mnist.sh, runs
#   java recipe: scripts/local-cluster.sh -n 4 DIR 15 1 64 0.1 -- --k 10 --preset accurate
#   java course: scripts/local-cluster.sh -n 4 DIR 15 50 24 0.0001 -- --k 10
# end to end (JVM starts included, as bench-learning.sh times them), then the same settings in numpy:
# scripts/ref-accurate.py for the recipe and the course's reference ref_mlp.py ($REF_MLP, else
# ../shared/bench/ref_mlp.py beside the repository; skipped without it), one BLAS thread each.
#
# usage: scripts/bench-digits.sh DIR
# Last lines: digits: <run> error=<final validation error> seconds=<wall time>, one per run
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
case ${1:-} in ""|-h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; [ -n "${1:-}" ]; exit $? ;; esac
data=$1
ref=${REF_MLP:-$MLP_ROOT/../shared/bench/ref_mlp.py}
mlp_ensure_jar
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
results=()

# timed NAME COMMAND...: runs it with its output in the terminal, then records its last error and wall time
timed() {
  local name=$1 start end error; shift
  start=$(date +%s.%N)
  "$@" 2>&1 | tee "$work/$name.out"
  end=$(date +%s.%N)
  error=$(sed -n 's/^Final validation error: //p; s/^reference: final validation error \([0-9.]*\).*/\1/p' \
    "$work/$name.out" | tail -n 1)
  results+=("digits: $name error=${error:-?} seconds=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')")
}

numpy() { env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS=1 python3 "$@"; }

echo "bench-digits: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(date -u '+%Y-%m-%d %H:%M UTC')"
timed java-recipe "$MLP_ROOT/scripts/local-cluster.sh" -n 4 "$data" 15 1 64 0.1 -- --k 10 --preset accurate --progress plain
timed numpy-recipe numpy "$MLP_ROOT/scripts/ref-accurate.py" "$data" 15 1 64 0.1 10
timed java-course "$MLP_ROOT/scripts/local-cluster.sh" -n 4 "$data" 15 50 24 0.0001 -- --k 10 --progress plain
if [ -f "$ref" ]; then
  timed numpy-course numpy "$ref" "$data" 15 50 24 0.0001 10
else
  results+=("digits: numpy-course skipped (no $ref: set REF_MLP)")
fi
printf '%s\n' "${results[@]}"
