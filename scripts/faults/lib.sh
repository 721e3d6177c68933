# Shared by the fault scripts: small deterministic data, nodes, a coordinator and a client on
# loopback, all stopped on exit. Source it; see kill-node.sh for an example.
set -euo pipefail
JAVA_OPTS=${JAVA_OPTS:-}
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
mlp_ensure_jar
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
say() { echo "== $*" >&2; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
java_run() { local log=$1 class=$2; shift 2; local opts=$JAVA_OPTS
  [ "$class" = ComputeNodeCommand ] && opts="$MLP_NODE_OPTS $JAVA_OPTS"
  # shellcheck disable=SC2086
  java $opts -cp "$MLP_JAR" "mlptrainer.cli.$class" "$@" > "$work/$log.log" 2>&1 & pids+=($!); LAST_PID=$!; }
wait_port() { for _ in $(seq 1 300); do (echo > "/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done
  echo "port $1 did not open" >&2; return 1; }
wait_log() { for _ in $(seq 1 600); do grep -q "$2" "$work/$1.log" 2>/dev/null && return 0; sleep 0.1; done
  echo "'$2' never appeared in $1.log" >&2; return 1; }

# 4 shards of 60 rows, 5 integer features, k=3 (the tests' data), in $work/data
mkdir -p "$work/data"
awk -v dir="$work/data" 'BEGIN { srand(42); for (s = 1; s <= 5; s++) { f = (s <= 4) ? "train_letters" s ".txt" : "validate_letters.txt";
  for (i = 0; i < 60; i++) { l = int(rand() * 3); line = "";
    for (j = 0; j < 5; j++) line = line (l * 5 + (j % 2 == 0 ? l : 0) + int(rand() * 6)) ",";
    print line l > (dir "/" f) } } }'
JOB=(data 3 4 6 0.01 --k 3)

# start_node LOAD DELAY_MS [PORT]: sets LAST_PORT and LAST_PID
start_node() { LAST_PORT=${3:-$(free_port)}
  java_run "node$LAST_PORT" ComputeNodeCommand "$LAST_PORT" "$1" --load-delay-ms "$2" --bind 127.0.0.1 \
    --data-root "$work" --seed 7 -v; wait_port "$LAST_PORT"; }
# start_coordinator [OPTIONS] -- PORT...: sets CPORT
start_coordinator() { local opts=(); while [ "$1" != "--" ]; do opts+=("$1"); shift; done; shift
  : > "$work/nodes.txt"; for p in "$@"; do echo "127.0.0.1,$p" >> "$work/nodes.txt"; done
  CPORT=$(free_port)
  java_run coordinator CoordinatorCommand "$CPORT" 1 --nodes "$work/nodes.txt" --data-root "$work" --bind 127.0.0.1 \
    --seed 11 "${opts[@]}"; wait_port "$CPORT"; }
client() { java $JAVA_OPTS -cp "$MLP_JAR" mlptrainer.cli.ClientCommand 127.0.0.1 "$CPORT" "${JOB[@]}" "$@"; }
final_error() { grep -o 'Final validation error: .*' "$1"; }

# clean_run: the fault-free run's final error, in CLEAN (2 nodes, own coordinator; stopped after)
clean_run() { local before=${#pids[@]}
  start_node 0 0; local a=$LAST_PORT; start_node 0 0; local b=$LAST_PORT
  start_coordinator -- "$a" "$b"; client > "$work/clean.out"; CLEAN=$(final_error "$work/clean.out")
  for pid in "${pids[@]:$before}"; do kill -9 "$pid" 2>/dev/null || true; done
  say "fault-free run: $CLEAN"; }

# compare OUTPUT_FILE: exit 0 when the run's final error equals the clean run's
compare() { local got; got=$(final_error "$1" || echo "no final error")
  if [ "$got" = "$CLEAN" ]; then say "same as the fault-free run: $got"; else say "DIFFERENT: $got vs $CLEAN"; exit 1; fi; }
