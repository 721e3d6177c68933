#!/usr/bin/env bash
# Starts N compute nodes and a coordinator on this machine, runs the client, and stops everything it
# started, also on Ctrl-C or failure.
#
# usage: scripts/local-cluster.sh [options] [DATA_DIR [ROUNDS EPOCHS H ETA]]
#   -n N          compute nodes (default 4)
#   -p POLICY     scheduling policy 1 random, 2 load-balancing, 3 round-robin (default 1)
#   -l P[,P...]   load probability of each node; one value applies to all (default 0)
#   -d MS         injected load delay in milliseconds (default 3000, as the original)
#   -b PORT       first port: nodes use PORT+1..PORT+N, the coordinator PORT (default: free ports)
#   -- ARGS       more client options (for example --set optimizer=adam)
# With no arguments it trains on letters/ with the course settings: rounds 15, epochs 50, h 24, eta 0.0001.
# Every server listens on loopback only and reads data only inside DATA_DIR (its data root); the client
# names DATA_DIR by its absolute path, which lies inside that root. The coordinator keeps its checkpoints
# in ./checkpoints, as when started by hand.
set -euo pipefail
JAVA_OPTS=${JAVA_OPTS:-}
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

nodes=4 policy=1 loads=0 delay=3000 base=""
while getopts "n:p:l:d:b:h" opt; do
  case $opt in
    n) nodes=$OPTARG ;; p) policy=$OPTARG ;; l) loads=$OPTARG ;; d) delay=$OPTARG ;; b) base=$OPTARG ;;
    h) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "local-cluster: try -h" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
data=${1:-$MLP_ROOT/letters}; rounds=${2:-15}; epochs=${3:-50}; h=${4:-24}; eta=${5:-0.0001}
[ $# -gt 5 ] && shift 5 || shift $#
[ "${1:-}" = "--" ] && shift
[ -d "$data" ] || { echo "local-cluster: $data: no such directory" >&2; exit 2; }
[[ "$nodes" =~ ^[1-9][0-9]*$ ]] || { echo "local-cluster: -n must be a positive number, got $nodes" >&2; exit 2; }
data=$(cd "$data" && pwd)
mlp_ensure_jar

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null \
  || echo $((20000 + RANDOM % 20000)); }
port_of() { if [ -n "$base" ]; then echo $((base + $1)); else free_port; fi; }

IFS=, read -r -a load_list <<< "$loads"
: > "$work/compute_nodes.txt"
for i in $(seq 1 "$nodes"); do
  p=${load_list[$(( (i - 1) % ${#load_list[@]} ))]}
  port=$(port_of "$i")
  mlp_start_node "$work/node$i.log" "$port" "$p" "$delay" "$data"
  pids+=("$MLP_JAVA_PID")
  echo "127.0.0.1,$port" >> "$work/compute_nodes.txt"
  echo "local-cluster: node $i on port $port, load probability $p (log $work/node$i.log)" >&2
done
cport=$(port_of 0)
mlp_start_coordinator "$work" "$policy" "$work/compute_nodes.txt" "$data" "$cport" --checkpoint-dir "$PWD/checkpoints"
pids+=("${MLP_PIDS[@]}")
echo "local-cluster: coordinator on port $cport, policy $policy; every server on 127.0.0.1, data root $data" >&2

# wait until every server listens (bounded): the client would otherwise find nothing there
wait_port() {
  for _ in $(seq 1 300); do
    (echo > "/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null || { echo "local-cluster: a server exited; its log:" >&2; tail -5 "$work"/*.log >&2; return 1; }; done
    sleep 0.1
  done
  echo "local-cluster: port $1 did not open within 30 s" >&2; return 1
}
while read -r line; do wait_port "${line##*,}"; done < "$work/compute_nodes.txt"
wait_port "$cport"

status=0
java $JAVA_OPTS $MLP_CLIENT_OPTS -cp "$MLP_JAR" mlptrainer.cli.ClientCommand 127.0.0.1 "$cport" "$data" "$rounds" "$epochs" "$h" "$eta" "$@" || status=$?
if [ "$status" -ne 0 ]; then echo "local-cluster: client failed; coordinator log:" >&2; tail -20 "$work/coordinator.log" >&2; fi
exit "$status"
