#!/usr/bin/env bash
# Times the Java system end to end against the numpy reference, in the same run.
#
# usage: scripts/bench.sh [options] DATA_DIR [ROUNDS EPOCHS H ETA]   (defaults 15 50 24 0.0001)
#   -c            cold: time the job as soon as the servers listen, without waiting for their warm-up
#   -r FILE       the numpy reference script (default: $REF_MLP, else ../shared/bench/ref_mlp.py beside
#                 the repository when it exists); the reference is skipped with a note when python3,
#                 numpy or the script is missing.
#   --e2e         time the whole main command, scripts/local-cluster.sh DATA_DIR ROUNDS EPOCHS H ETA, from
#                 its start to its exit (JVM start, servers, job, shutdown), instead of a job on servers
#                 already up; with --processes, local-cluster.sh's separate-process cluster
#   --shards N[,N...]  re-split DATA_DIR's training rows into N shards (scripts/letters split; the
#                 validation file is copied) and time the job and numpy on that split, for each N (with
#                 --e2e too: the main command on that split)
#   --repeat R    run R times (Java and numpy alternate), then print min/median/max of each figure
# Starts 4 compute nodes and a coordinator (policy 1, load 0), every JVM with JAVA_OPTS (default
# -Xmx64m), waits until they listen and (unless -c) until each has logged "warm-up: done" (at most
# 120 s; the wait is printed), times the client's job, then times the reference. Prints both wall
# times, the ratio Java/numpy, both final validation errors and each JVM's peak resident memory
# (VmHWM just before stopping it), and (not with --e2e) the cost per task: the task attempts the
# coordinator ran and its rounds' wall time (from sending a round's first task to its last result, its
# log's "N tasks (M attempts) in X ms" lines: validation and aggregation between rounds left out) less
# the nodes' busy time (their logs' per-task "X ms": shard, training, deltas; not the wait for a slot)
# divided by the 4 nodes, over the attempts: what a task costs beyond the arithmetic, if the nodes'
# work were spread evenly (so it also counts nodes idle at a round's end while its last tasks run,
# which dominates on few large shards). The last line of a run is
#   bench: java_s=... numpy_s=... ratio=... java_error=... numpy_error=... tasks=... task_ms=...
# and with --repeat or several shard counts one summary line per shard count follows:
#   bench-summary: mode=... shards=... runs=R java_s=MIN/MEDIAN/MAX numpy_s=MIN/MEDIAN/MAX ratio=MIN/MEDIAN/MAX
#     java_error=... numpy_error=... tasks=MIN/MEDIAN/MAX task_ms=MIN/MEDIAN/MAX
# then, for each shard count N whose 4N was also run, the ratio of the median Java times:
#   bench-scaling: shards=N->4N java_s_ratio=...
set -euo pipefail
JAVA_OPTS=${JAVA_OPTS:--Xmx64m}
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ref=${REF_MLP:-}
cold="" e2e="" processes="" shards="" repeat=1
usage_line="usage: scripts/bench.sh [-c] [-r REF_MLP] [--e2e [--processes]] [--shards N[,N...]] [--repeat R] DATA_DIR [ROUNDS EPOCHS H ETA]"
args=()
while [ $# -gt 0 ]; do
  case $1 in
    --e2e) e2e=1 ;;
    --processes) processes=1 ;;
    --shards) [ $# -ge 2 ] || { echo "bench: --shards needs a number" >&2; exit 2; }; shards=$2; shift ;;
    --repeat) [ $# -ge 2 ] || { echo "bench: --repeat needs a number" >&2; exit 2; }; repeat=$2; shift ;;
    --help) sed -n '2,32p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) args+=("$1") ;;
  esac
  shift
done
set -- "${args[@]+"${args[@]}"}"
while getopts "cr:h" opt; do
  case $opt in
    c) cold=1 ;;
    r) ref=$OPTARG ;;
    h) sed -n '2,32p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench: try -h" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[ $# -ge 1 ] || { echo "$usage_line" >&2; exit 2; }
[[ "$repeat" =~ ^[1-9][0-9]*$ ]] || { echo "bench: --repeat must be a positive number, got $repeat" >&2; exit 2; }
[[ -z "$shards" || "$shards" =~ ^[1-9][0-9]*(,[1-9][0-9]*)*$ ]] \
  || { echo "bench: --shards must be positive numbers separated by commas, got $shards" >&2; exit 2; }
[ -z "$processes" ] || [ -n "$e2e" ] || { echo "bench: --processes goes with --e2e" >&2; exit 2; }
[ -z "$e2e" ] || [ -z "$cold" ] || { echo "bench: --e2e times the main command as it is: no -c" >&2; exit 2; }
data=$1; rounds=${2:-15}; epochs=${3:-50}; h=${4:-24}; eta=${5:-0.0001}
[ -d "$data" ] || { echo "bench: $data: no such directory" >&2; exit 2; }
data=$(cd "$data" && pwd)
if [ -z "$ref" ] && [ -f "$MLP_ROOT/../shared/bench/ref_mlp.py" ]; then ref=$MLP_ROOT/../shared/bench/ref_mlp.py; fi

# --repeat R or several shard counts: runs this script once per shard count and repetition (each run
# alternates Java and numpy), echoes its output, and summarises each shard count's runs.
if [ "$repeat" -gt 1 ] || [[ "$shards" == *,* ]]; then
  one_run=()
  [ -n "$cold" ] && one_run+=(-c)
  [ -n "$ref" ] && one_run+=(-r "$ref")
  [ -n "$e2e" ] && one_run+=(--e2e)
  [ -n "$processes" ] && one_run+=(--processes)
  summaries=()
  IFS=, read -r -a counts <<< "$shards"
  [ "${#counts[@]}" -gt 0 ] || counts=("")
  for n in "${counts[@]}"; do
    lines=()
    for i in $(seq 1 "$repeat"); do
      out=$("$0" "${one_run[@]}" ${n:+--shards "$n"} "$data" "$rounds" "$epochs" "$h" "$eta") \
        || { echo "$out"; echo "bench: run $i${n:+ on $n shards} failed" >&2; exit 1; }
      echo "$out"
      lines+=("$(echo "$out" | grep '^bench: java_s=' | tail -1)")
    done
    summaries+=("$(printf '%s\n' "${lines[@]}" | python3 "$MLP_ROOT/scripts/bench-summary.py" \
      "mode=$([ -n "$e2e" ] && echo e2e || echo job)${processes:+-processes}" "shards=${n:-as-given}")")
  done
  printf '%s\n' "${summaries[@]}"
  for n in "${counts[@]}"; do
    [ -n "$n" ] || continue
    slow=$(printf '%s\n' "${summaries[@]}" | sed -n "s|.* shards=$((4 * n)) .* java_s=[^/]*/\([^/]*\)/.*|\1|p")
    fast=$(printf '%s\n' "${summaries[@]}" | sed -n "s|.* shards=$n .* java_s=[^/]*/\([^/]*\)/.*|\1|p")
    [ -n "$slow" ] && [ -n "$fast" ] && echo "bench-scaling: shards=$n->$((4 * n)) java_s_ratio=$(awk -v a="$slow" -v b="$fast" 'BEGIN {printf "%.3f", a / b}')"
  done
  exit 0
fi

now() { date +%s.%N; }
work=$(mktemp -d)
trap 'mlp_stop_cluster; rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

echo "bench: $(nproc) cores, $(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "bench: JAVA_OPTS=$JAVA_OPTS (coordinator also: ${MLP_COORDINATOR_OPTS:-nothing}; client also: ${MLP_CLIENT_OPTS:-nothing}); data $data; rounds $rounds epochs $epochs h $h eta $eta"
if [ -n "$shards" ]; then
  mlp_java LettersCommand split -q "$data" -o "$work/split" --shards "$shards" \
    || { echo "bench: could not split $data into $shards shards" >&2; exit 1; }
  data=$work/split
  echo "bench: the training rows re-split into $shards shards in $data (scripts/letters split)"
fi

# time_job: the job on a cluster that is up (warm unless -c), from the client JVM's start to its exit
time_job() {
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
  java_what="client JVM start to exit"
  local i=0 pid name
  for pid in "${MLP_PIDS[@]}"; do
    i=$((i + 1))
    name="node $i"; [ "$i" -eq "${#MLP_PIDS[@]}" ] && name=coordinator
    rss_lines+=("java: $name peak RSS (VmHWM) $(mlp_peak_rss_kb "$pid") kB")
  done
  task_figures "$work/coordinator.log" "${MLP_LOGS[@]:0:${#MLP_LOGS[@]}-1}"
  mlp_stop_cluster
}

# task_figures COORDINATOR_LOG NODE_LOG...: sets tasks (attempts run) and task_ms (the cost of one
# beyond the nodes' busy time; see the help), or n/a when the logs lack the lines
task_figures() {
  local coordinator=$1; shift
  local attempts_wall busy
  attempts_wall=$(sed -n 's/.* tasks (\([0-9]*\) attempts) in \([0-9.]*\) ms.*/\1 \2/p' "$coordinator" \
    | awk '{a += $1; w += $2} END {printf "%d %.3f", a, w}')
  busy=$(cat "$@" | sed -n 's/.*training error [0-9.]*, \([0-9.]*\) ms (after.*/\1/p' | awk '{b += $1} END {printf "%.3f", b}')
  read -r tasks task_ms < <(echo "$attempts_wall $busy" | awk -v nodes=$# \
    '$1 > 0 {printf "%d %.3f\n", $1, ($2 - $3 / nodes) / $1; next} {print "n/a n/a"}')
  echo "java: $tasks task attempts, $task_ms ms each beyond the nodes' busy time (rounds' wall less node work / $#)"
}

# time_main_command: scripts/local-cluster.sh as a user runs it, from its start to its exit
time_main_command() {
  local cluster_options=()
  [ -n "$processes" ] && cluster_options+=(--processes)
  t0=$(now)
  "$MLP_ROOT/scripts/local-cluster.sh" "${cluster_options[@]+"${cluster_options[@]}"}" "$data" "$rounds" "$epochs" "$h" "$eta" \
    > "$work/client.out" 2> "$work/client.err" || { echo "bench: the main command failed:" >&2; tail -n 20 "$work/client.err" >&2; exit 1; }
  t1=$(now)
  java_what="scripts/local-cluster.sh${processes:+ --processes} start to exit"
}

rss_lines=()
tasks=n/a task_ms=n/a
if [ -n "$e2e" ]; then time_main_command; else time_job; fi
java_s=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.2f", b - a}')
java_error=$(sed -n 's/.*Final validation error: *\([0-9.eE+-]*\).*/\1/p' "$work/client.out" | tail -1)
echo "java: wall ${java_s} s ($java_what), final validation error ${java_error:-?}"
[ "${#rss_lines[@]}" -eq 0 ] || printf '%s\n' "${rss_lines[@]}"

numpy_s=skipped numpy_error=skipped ratio=n/a
if ! command -v python3 > /dev/null || ! python3 -c 'import numpy' 2> /dev/null; then
  echo "numpy: skipped (python3 with numpy not found)"
elif [ -z "$ref" ] || [ ! -f "$ref" ]; then
  echo "numpy: skipped (no reference script: set REF_MLP or -r)"
else
  env_note=""
  if [ -n "${OPENBLAS_CORETYPE:-}${OPENBLAS_L2_SIZE:-}" ]; then env_note=" (OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset for this command only)"; fi
  t0=$(now)
  # one OpenBLAS thread unless the caller says otherwise: numpy's fastest configuration on these small products
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-1}" python3 "$ref" "$data" "$rounds" "$epochs" "$h" "$eta" > "$work/ref.out" 2>&1 \
    || { echo "bench: the reference failed:" >&2; tail -5 "$work/ref.out" >&2; exit 1; }
  t1=$(now)
  numpy_s=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.2f", b - a}')
  numpy_error=$(sed -n 's/^reference: final validation error \([0-9.]*\).*/\1/p' "$work/ref.out")
  echo "numpy: wall ${numpy_s} s (python3 start to exit, OPENBLAS_NUM_THREADS=${OPENBLAS_NUM_THREADS:-1})${env_note}, final validation error ${numpy_error:-?}; $(tail -1 "$work/ref.out")"
  ratio=$(awk -v a="$java_s" -v b="$numpy_s" 'BEGIN {printf "%.3f", a / b}')
  echo "ratio java/numpy: $ratio"
fi
echo "bench: java_s=$java_s numpy_s=$numpy_s ratio=$ratio java_error=${java_error:-?} numpy_error=${numpy_error:-?} tasks=$tasks task_ms=$task_ms"
