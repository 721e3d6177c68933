# Shared by the launchers: finds the repository, builds the jar when it is missing, runs a class.
# JAVA_OPTS passes options to the JVM (for example JAVA_OPTS=-Xmx64m); MLP_CLASSPATH, when set, is used
# instead of the jar (tests run the scripts on Maven's class path without packaging).
MLP_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
MLP_JAR="${MLP_CLASSPATH:-$MLP_ROOT/target/mlp-trainer.jar}"
JAVA_OPTS=${JAVA_OPTS:-}
# The training kernel uses the Vector API (model.VectorKernel, about 3x faster on the course
# shapes): compute nodes (the only JVMs that train) get its incubator module in MLP_NODE_OPTS.
# The JVM then prints "WARNING: Using incubator modules: jdk.incubator.vector" on stderr at
# start-up, and no option turns that off, so the node launchers below drop that one line.
# MLP_SCALAR_KERNEL=1 leaves the module out, and the scalar kernel runs (the same results to the bit).
MLP_NODE_OPTS=""
if [ "${MLP_SCALAR_KERNEL:-}" != 1 ] && [[ "$JAVA_OPTS" != *jdk.incubator.vector* ]]; then
  MLP_NODE_OPTS="--add-modules jdk.incubator.vector"
fi
# Our JVMs keep small heaps (a node's data is a few shards), where the serial collector costs least:
# about 0.5 s less on bench.sh's 6 JVMs on 2 cores (6.15-6.18 s against 6.55-6.83 s, 2026-11-26).
# A collector named in JAVA_OPTS wins.
if [[ "$JAVA_OPTS" != *GC* ]]; then
  JAVA_OPTS="$JAVA_OPTS -XX:+UseSerialGC"
fi
# The coordinator and the client do little arithmetic (the nodes train), and C2's compilations cost
# them more CPU than the code they make saves: on bench.sh's 2 cores the coordinator spent about 1 s
# of CPU compiling during the first job. With C1 alone (-XX:TieredStopAtLevel=1) bench.sh's Java time
# went from 2.90-3.42 s to 2.63-2.76 s, and the coordinator's CPU per task with 64 nodes from 1.53 to
# 0.60 ms in the first job and 0.23 to 0.22 ms later (2026-11-26, docs/benchmarks.md). Set either
# variable (even to nothing) to replace these defaults; they come after JAVA_OPTS.
MLP_COORDINATOR_OPTS=${MLP_COORDINATOR_OPTS--XX:TieredStopAtLevel=1}
MLP_CLIENT_OPTS=${MLP_CLIENT_OPTS--XX:TieredStopAtLevel=1}

# Copies stdin to stdout without the JVM's incubator-module warning line.
mlp_drop_incubator_warning() {
  grep -v -x --line-buffered 'WARNING: Using incubator modules: jdk.incubator.vector' || true
}

mlp_ensure_jar() {
  if [ -z "${MLP_CLASSPATH:-}" ] && [ ! -f "$MLP_JAR" ]; then
    echo "building $MLP_JAR (first run) ..." >&2
    (cd "$MLP_ROOT" && mvn -q -B -DskipTests package) >&2 || { echo "build failed: run 'mvn -DskipTests package' in $MLP_ROOT to see why" >&2; exit 1; }
  fi
}

mlp_run() {
  local class=$1; shift
  mlp_ensure_jar
  # shellcheck disable=SC2086
  if [ "$class" = ComputeNodeCommand ]; then
    # shellcheck disable=SC2086
    exec java $MLP_NODE_OPTS $JAVA_OPTS -cp "$MLP_JAR" "mlptrainer.cli.$class" "$@" 2> >(mlp_drop_incubator_warning >&2)
  fi
  local opts=$MLP_CLIENT_OPTS
  [ "$class" = CoordinatorCommand ] && opts=$MLP_COORDINATOR_OPTS
  # shellcheck disable=SC2086
  exec java $JAVA_OPTS $opts -cp "$MLP_JAR" "mlptrainer.cli.$class" "$@"
}

# mlp_start_java LOG MAIN_CLASS ARGS...: a JVM with the node options (MLP_NODE_OPTS, JAVA_OPTS) in the
# background, its output and errors in LOG (created anew) without the incubator warning; sets MLP_JAVA_PID.
mlp_start_java() {
  local log=$1; shift
  : > "$log"
  # shellcheck disable=SC2086
  java $MLP_NODE_OPTS $JAVA_OPTS -cp "$MLP_JAR" "$@" >> "$log" 2> >(mlp_drop_incubator_warning >> "$log") &
  MLP_JAVA_PID=$!
}

# --- a local cluster, for scripts that start servers themselves (local-cluster.sh, bench.sh, bench-scale.sh) ---
# mlp_server_options DATA_DIR: sets MLP_SERVER_OPTS to the options every server these scripts start gets:
# it listens on loopback only, and reads data only inside DATA_DIR (its data root, made absolute here), so
# nothing else on this machine can reach it and a request cannot read or probe any other file.
mlp_server_options() {
  local root
  root=$(cd "$1" && pwd) || { echo "no such data directory: $1" >&2; return 1; }
  MLP_SERVER_OPTS=(--bind 127.0.0.1 --data-root "$root")
}

# mlp_start_node LOG PORT LOAD DELAY_MS DATA_DIR: a compute node in the background (mlp_start_java; sets
# MLP_JAVA_PID) with the scripts' server options (mlp_server_options); does not wait for it.
mlp_start_node() {
  local log=$1 port=$2 load=$3 delay=$4
  mlp_server_options "$5" || return 1
  mlp_start_java "$log" mlptrainer.cli.ComputeNodeCommand "$port" "$load" --load-delay-ms "$delay" "${MLP_SERVER_OPTS[@]}"
}

# mlp_start_cluster WORKDIR NODES POLICY LOAD DELAY_MS DATA_DIR: starts NODES compute nodes and a coordinator on
# free loopback ports (data root DATA_DIR), waits until each listens, appends their PIDs to MLP_PIDS and their logs to
# MLP_LOGS and sets MLP_CPORT. The caller stops them (mlp_stop_cluster) from its own EXIT trap. Each server
# warms up after it listens (a few seconds of low-priority CPU, ending in the log line "warm-up: done in N ms");
# mlp_wait_warm waits for that, so a timed job does not compete with it or pay for cold code.
MLP_PIDS=()
MLP_LOGS=()
MLP_CPORT=""
MLP_WARM_S=""

# mlp_free_ports N: N distinct free loopback ports, one per line. All are picked while the others are
# still held, so one cluster never gets a port twice (picked one at a time, a port handed to a server
# that had not bound it yet could be handed out again: bench-scale.sh once failed that way).
mlp_free_ports() {
  python3 -c '
import socket, sys
held = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in held:
    s.bind(("127.0.0.1", 0))
print("\n".join(str(s.getsockname()[1]) for s in held))' "$1" 2>/dev/null \
    || shuf -i 20000-39999 -n "$1"
}

mlp_free_port() {
  mlp_free_ports 1
}

# mlp_wait_port PORT: waits (30 s at most) until PORT accepts connections; fails when a started server exited.
mlp_wait_port() {
  local pid
  for _ in $(seq 1 300); do
    (echo > "/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    for pid in "${MLP_PIDS[@]}"; do
      kill -0 "$pid" 2>/dev/null || { echo "a server (pid $pid) exited before port $1 opened" >&2; return 1; }
    done
    sleep 0.1
  done
  echo "port $1 did not open within 30 s" >&2; return 1
}

mlp_start_cluster() {
  local work=$1 nodes=$2 policy=$3 load=$4 delay=$5 data=$6 i port ports
  mlp_ensure_jar
  mapfile -t ports < <(mlp_free_ports $((nodes + 1)))
  : > "$work/compute_nodes.txt"
  for i in $(seq 1 "$nodes"); do
    port=${ports[$((i - 1))]}
    mlp_start_node "$work/node$i.log" "$port" "$load" "$delay" "$data" || return 1
    MLP_PIDS+=("$MLP_JAVA_PID")
    MLP_LOGS+=("$work/node$i.log")
    echo "127.0.0.1,$port" >> "$work/compute_nodes.txt"
  done
  mlp_start_coordinator "$work" "$policy" "$work/compute_nodes.txt" "$data" "${ports[$nodes]}"
  while read -r line; do mlp_wait_port "${line##*,}" || return 1; done < "$work/compute_nodes.txt"
  mlp_wait_port "$MLP_CPORT"
}

# mlp_start_coordinator WORKDIR POLICY NODES_FILE DATA_DIR [PORT [OPTION...]]: a coordinator on PORT or a free port
# (MLP_CPORT) with the scripts' server options (mlp_server_options) and any more OPTIONs, working in WORKDIR (its
# checkpoints go there unless an OPTION says otherwise; its log is WORKDIR/coordinator.log), its PID appended to
# MLP_PIDS; does not wait for it.
# MLP_COORDINATOR_OPTS adds JVM options for the coordinator alone (after JAVA_OPTS, so -Xmx there wins; see above).
mlp_start_coordinator() {
  local work=$1 policy=$2 nodes_file=$3
  mlp_server_options "$4" || return 1
  MLP_CPORT=${5:-$(mlp_free_port)}
  shift $(( $# < 5 ? $# : 5 ))
  # shellcheck disable=SC2086
  (cd "$work" && exec java $JAVA_OPTS ${MLP_COORDINATOR_OPTS:-} -cp "$MLP_JAR" mlptrainer.cli.CoordinatorCommand "$MLP_CPORT" \
    "$policy" --nodes "$nodes_file" "${MLP_SERVER_OPTS[@]}" "$@" > "$work/coordinator.log" 2>&1) &
  MLP_PIDS+=($!)
  MLP_LOGS+=("$work/coordinator.log")
}

# mlp_wait_warm: waits (120 s at most, looking every 0.1 s) until every log in MLP_LOGS has the server's
# "warm-up: done" line; fails when a started server exited or the time is up. Sets MLP_WARM_S to the
# seconds waited.
mlp_wait_warm() {
  local start now log pid pending
  start=$(date +%s%N)
  while :; do
    pending=""
    for log in "${MLP_LOGS[@]}"; do
      grep -q 'warm-up: done' "$log" 2>/dev/null || { pending=$log; break; }
    done
    now=$(date +%s%N)
    MLP_WARM_S=$(awk -v a="$start" -v b="$now" 'BEGIN {printf "%.1f", (b - a) / 1e9}')
    [ -z "$pending" ] && return 0
    for pid in "${MLP_PIDS[@]}"; do
      kill -0 "$pid" 2>/dev/null || { echo "a server (pid $pid) exited while the servers warmed up; see ${MLP_LOGS[*]}" >&2; return 1; }
    done
    if [ $(( (now - start) / 1000000 )) -ge 120000 ]; then
      echo "no 'warm-up: done' in $pending after 120 s (is LOG_LEVEL above INFO?)" >&2; return 1
    fi
    sleep 0.1
  done
}

# mlp_cpu_ticks PID: user+system CPU time of a process so far, in clock ticks (getconf CLK_TCK per second)
mlp_cpu_ticks() {
  awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0
}

mlp_stop_cluster() {
  local pid
  for pid in "${MLP_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${MLP_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  MLP_PIDS=()
  MLP_LOGS=()
}

# mlp_peak_rss_kb PID: the process's peak resident set (VmHWM) in kB, or "?" when it is gone
mlp_peak_rss_kb() {
  awk '/^VmHWM:/ {print $2; found=1} END {if (!found) print "?"}' "/proc/$1/status" 2>/dev/null || echo "?"
}
