#!/usr/bin/env bash
# Times the Java system end to end against the numpy reference, in the same run.
#
# usage: scripts/bench.sh [-c] [-r REF_MLP] DATA_DIR [ROUNDS EPOCHS H ETA]   (defaults 15 50 24 0.0001)
#   -c        cold: time the job as soon as the servers listen, without waiting for their warm-up
#   -r FILE   the numpy reference script (default: $REF_MLP, else ../shared/bench/ref_mlp.py beside
#             the repository when it exists); the reference is skipped with a note when python3,
#             numpy or the script is missing.
# Starts 4 compute nodes and a coordinator (policy 1, load 0), every JVM with JAVA_OPTS (default
# -Xmx64m), waits until they listen and (unless -c) until each has logged "warm-up: done" (at most
# 120 s; the wait is printed), times the client's job, then times the reference. Prints both wall
# times, the ratio Java/numpy, both final validation errors and each JVM's peak resident memory
# (VmHWM just before stopping it); the last line is
#   bench: java_s=... numpy_s=... ratio=... java_error=... numpy_error=...
set -euo pipefail
JAVA_OPTS=${JAVA_OPTS:--Xmx64m}
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ref=${REF_MLP:-}
cold=""
while getopts "cr:h" opt; do
  case $opt in
    c) cold=1 ;;
    r) ref=$OPTARG ;;
    h) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench: try -h" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[ $# -ge 1 ] || { echo "usage: scripts/bench.sh [-c] [-r REF_MLP] DATA_DIR [ROUNDS EPOCHS H ETA]" >&2; exit 2; }
data=$1; rounds=${2:-15}; epochs=${3:-50}; h=${4:-24}; eta=${5:-0.0001}
[ -d "$data" ] || { echo "bench: $data: no such directory" >&2; exit 2; }
data=$(cd "$data" && pwd)
if [ -z "$ref" ] && [ -f "$MLP_ROOT/../shared/bench/ref_mlp.py" ]; then ref=$MLP_ROOT/../shared/bench/ref_mlp.py; fi

now() { date +%s.%N; }
work=$(mktemp -d)
trap 'mlp_stop_cluster; rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

echo "bench: $(nproc) cores, $(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "bench: JAVA_OPTS=$JAVA_OPTS (coordinator also: ${MLP_COORDINATOR_OPTS:-nothing}; client also: ${MLP_CLIENT_OPTS:-nothing}); data $data; rounds $rounds epochs $epochs h $h eta $eta"
mlp_start_cluster "$work" 4 1 0 0 "$data"
if [ -n "$cold" ]; then
  echo "bench: cold start (-c): the job starts while the servers still warm up"
else
  mlp_wait_warm || { echo "bench: the servers did not warm up:" >&2; tail -n 5 "${MLP_LOGS[@]}" >&2; exit 1; }
  echo "bench: waited ${MLP_WARM_S} s after the ports opened until every server logged 'warm-up: done'"
fi

t0=$(now)
mlp_java ClientCommand -q 127.0.0.1 "$MLP_CPORT" "$data" "$rounds" "$epochs" "$h" "$eta" \
  > "$work/client.out" 2> "$work/client.err" || { echo "bench: the client failed:" >&2; tail -n 20 "$work/client.err" "$work/coordinator.log" >&2; exit 1; }
t1=$(now)
java_s=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.2f", b - a}')
java_error=$(sed -n 's/.*Final validation error: *\([0-9.eE+-]*\).*/\1/p' "$work/client.out" | tail -1)
echo "java: wall ${java_s} s (client JVM start to exit), final validation error ${java_error:-?}"
i=0
for pid in "${MLP_PIDS[@]}"; do
  i=$((i + 1))
  name="node $i"; [ "$i" -eq "${#MLP_PIDS[@]}" ] && name=coordinator
  echo "java: $name peak RSS (VmHWM) $(mlp_peak_rss_kb "$pid") kB"
done
mlp_stop_cluster

numpy_s=skipped numpy_error=skipped ratio=n/a
if ! command -v python3 > /dev/null || ! python3 -c 'import numpy' 2> /dev/null; then
  echo "numpy: skipped (python3 with numpy not found)"
elif [ -z "$ref" ] || [ ! -f "$ref" ]; then
  echo "numpy: skipped (no reference script: set REF_MLP or -r)"
else
  env_note=""
  if [ -n "${OPENBLAS_CORETYPE:-}${OPENBLAS_L2_SIZE:-}" ]; then env_note=" (OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset for this command only)"; fi
  t0=$(now)
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 "$ref" "$data" "$rounds" "$epochs" "$h" "$eta" > "$work/ref.out" 2>&1 \
    || { echo "bench: the reference failed:" >&2; tail -5 "$work/ref.out" >&2; exit 1; }
  t1=$(now)
  numpy_s=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.2f", b - a}')
  numpy_error=$(sed -n 's/^reference: final validation error \([0-9.]*\).*/\1/p' "$work/ref.out")
  echo "numpy: wall ${numpy_s} s (python3 start to exit)${env_note}, final validation error ${numpy_error:-?}; $(tail -1 "$work/ref.out")"
  ratio=$(awk -v a="$java_s" -v b="$numpy_s" 'BEGIN {printf "%.3f", a / b}')
  echo "ratio java/numpy: $ratio (target <= 0.5)"
fi
echo "bench: java_s=$java_s numpy_s=$numpy_s ratio=$ratio java_error=${java_error:-?} numpy_error=${numpy_error:-?}"
