# Shared by the fault scripts: small deterministic data, nodes, a coordinator and a client on
# loopback, all started through scripts/lib.sh and killed on exit. Source it; see kill-node.sh for an example.
set -euo pipefail
JAVA_OPTS=${JAVA_OPTS:-}
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
mlp_ensure_jar
work=$(mktemp -d)
trap 'mlp_stop_cluster KILL; rm -rf "$work"' EXIT
trap 'exit 130' INT TERM
say() { echo "== $*" >&2; }
wait_log() { for _ in $(seq 1 600); do grep -q "$2" "$work/$1.log" 2>/dev/null && return 0; sleep 0.1; done
  echo "'$2' never appeared in $1.log" >&2; return 1; }

# 4 shards of 60 rows, 5 integer features, k=3 (the tests' kind of data), in $work/data; every server's data root is $work
"$MLP_ROOT/scripts/letters" synthetic --shards 4 --rows 60 --features 5 --k 3 --seed 42 -o "$work/data" > /dev/null
JOB=(data 3 4 6 0.01 --k 3)

# take_port: sets PORT to a free loopback port no other server of this script was given
take_port() { mlp_take_port; PORT=$MLP_PORT; }
# start_node LOAD DELAY_MS [PORT [OPTION...]]: a node (log $work/node<PORT>.log), waited for; sets LAST_PORT and LAST_PID
start_node() { local load=$1 delay=$2; shift 2
  if [ -n "${1:-}" ]; then LAST_PORT=$1; else take_port; LAST_PORT=$PORT; fi; shift $(( $# ? 1 : 0 ))
  mlp_start_node "$work/node$LAST_PORT.log" "$LAST_PORT" "$load" "$delay" "$work" --seed 7 -v "$@"
  LAST_PID=$MLP_JAVA_PID; mlp_wait_port "$LAST_PORT" "$LAST_PID"; }
# start_proxy PORT TARGET_PORT OPTION...: a fault proxy on PORT in front of 127.0.0.1:TARGET_PORT (log $work/proxy.log), waited for
start_proxy() { local port=$1 target=$2; shift 2
  mlp_start "$work/proxy.log" FaultProxyCommand "$port" 127.0.0.1 "$target" "$@"; mlp_wait_port "$port" "$MLP_JAVA_PID"; }
# start_coordinator [OPTIONS] -- PORT...: policy 1 over those nodes, waited for; sets CPORT and LAST_PID
start_coordinator() { local opts=(); while [ "$1" != "--" ]; do opts+=("$1"); shift; done; shift
  : > "$work/nodes.txt"; for p in "$@"; do echo "127.0.0.1,$p" >> "$work/nodes.txt"; done
  mlp_start_coordinator "$work" 1 "$work/nodes.txt" "$work" "" --seed 11 "${opts[@]}"
  CPORT=$MLP_CPORT; LAST_PID=$MLP_JAVA_PID; mlp_wait_port "$CPORT" "$LAST_PID"; }
client() { mlp_java ClientCommand 127.0.0.1 "$CPORT" "${JOB[@]}" "$@"; }
# start_client OUTPUT_FILE [OPTION...]: the client in the background, its output and errors in OUTPUT_FILE; sets JOB_PID
start_client() { local out=$1; shift
  mlp_start "$out" ClientCommand 127.0.0.1 "$CPORT" "${JOB[@]}" "$@"; JOB_PID=$MLP_JAVA_PID; }
final_error() { grep -o 'Final validation error: .*' "$1"; }

# clean_run: the fault-free run's final error, in CLEAN (2 nodes, own coordinator; killed after). Call it first.
clean_run() {
  start_node 0 0; local a=$LAST_PORT; start_node 0 0; local b=$LAST_PORT
  start_coordinator -- "$a" "$b"; client > "$work/clean.out"; CLEAN=$(final_error "$work/clean.out")
  mlp_stop_cluster KILL
  say "fault-free run: $CLEAN"; }

# compare OUTPUT_FILE: exit 0 when the run's final error equals the clean run's
compare() { local got; got=$(final_error "$1" || echo "no final error")
  if [ "$got" = "$CLEAN" ]; then say "same as the fault-free run: $got"; else say "DIFFERENT: $got vs $CLEAN"; exit 1; fi; }
