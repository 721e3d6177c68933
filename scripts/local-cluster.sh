#!/usr/bin/env bash
# Starts N compute nodes and a coordinator on this machine, runs the client, and stops everything it
# started, also on Ctrl-C or failure. By default they all run in one JVM (the `local` command), where
# they still talk Thrift to each other over loopback sockets; --processes starts each server in a JVM
# of its own and the client in another, as on separate machines.
#
# usage: scripts/local-cluster.sh [options] [DATA_DIR [ROUNDS EPOCHS H ETA]]
#   --processes   every server and the client in a JVM of its own
#   -n N          compute nodes (default 4)
#   -p POLICY     scheduling policy 1 random, 2 load-balancing, 3 round-robin (default 1)
#   -l P[,P...]   load probability of each node; one value applies to all (default 0)
#   -d MS         injected load delay in milliseconds (default 3000, as the original)
#   -b PORT       first port: nodes use PORT+1..PORT+N, the coordinator PORT (default: free ports)
#   -- ARGS       more client options (for example --set optimizer=adam)
#   -h, --help    this help
# With no arguments it trains on letters/ with the course settings: rounds 15, epochs 50, h 24, eta 0.0001.
# Every server listens on loopback only and reads data only inside DATA_DIR (its data root); the client
# names DATA_DIR by its absolute path, which lies inside that root. The servers' logs and the coordinator's
# checkpoints go to a temporary directory, removed when the run succeeds and kept (its path printed) when
# it fails.
set -euo pipefail
JAVA_OPTS=${JAVA_OPTS:-}
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; }
processes=""
args=()
while [ $# -gt 0 ]; do
  case $1 in
    --) args+=("$@"); break ;;
    --help) usage; exit 0 ;;
    --processes) processes=1 ;;
    *) args+=("$1") ;;
  esac
  shift
done
set -- "${args[@]+"${args[@]}"}"

nodes=4 policy=1 loads=0 delay=3000 base=""
while getopts "n:p:l:d:b:h" opt; do
  case $opt in
    n) nodes=$OPTARG ;; p) policy=$OPTARG ;; l) loads=$OPTARG ;; d) delay=$OPTARG ;; b) base=$OPTARG ;;
    h) usage; exit 0 ;;
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

work=$(mktemp -d "${TMPDIR:-/tmp}/local-cluster.XXXXXX")
# a failed or interrupted run keeps its logs (and checkpoints) to look at
keep_or_remove() {
  local status=$1
  mlp_stop_cluster
  if [ "$status" -eq 0 ]; then rm -rf "$work"; else echo "local-cluster: logs kept in $work" >&2; fi
}
trap 'keep_or_remove $?' EXIT
trap 'exit 130' INT TERM

if [ -z "$processes" ]; then
  status=0
  local_options=(-n "$nodes" -p "$policy" -l "$loads" -d "$delay" --work-dir "$work")
  [ -n "$base" ] && local_options+=(-b "$base")
  mlp_java LocalClusterCommand "${local_options[@]}" "$data" "$rounds" "$epochs" "$h" "$eta" -- "$@" || status=$?
  if [ "$status" -ne 0 ] && [ -f "$work/servers.log" ]; then
    echo "local-cluster: the run failed; the servers' log:" >&2; tail -20 "$work/servers.log" >&2
  fi
  exit "$status"
fi

mlp_take_port || exit 1; http_port=$MLP_PORT
MLP_BASE_PORT=$base mlp_start_cluster "$work" "$nodes" "$policy" "$loads" "$delay" "$data" --http "$http_port" \
  || { echo "local-cluster: the servers did not start; their logs:" >&2; tail -n 5 "$work"/*.log >&2; exit 1; }
IFS=, read -r -a load_list <<< "$loads"
i=0
while read -r line; do
  i=$((i + 1))
  echo "local-cluster: node $i on port ${line##*,}, load probability ${load_list[$(( (i - 1) % ${#load_list[@]} ))]} (log $work/node$i.log)" >&2
done < "$work/compute_nodes.txt"
echo "local-cluster: coordinator on port $MLP_CPORT, policy $policy; every server on 127.0.0.1, data root $data" >&2
echo "local-cluster: dashboard: http://127.0.0.1:$http_port/" >&2

status=0
mlp_java ClientCommand 127.0.0.1 "$MLP_CPORT" "$data" "$rounds" "$epochs" "$h" "$eta" "$@" || status=$?
if [ "$status" -ne 0 ]; then echo "local-cluster: client failed; coordinator log:" >&2; tail -20 "$work/coordinator.log" >&2; fi
exit "$status"
