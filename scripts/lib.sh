# The one launcher library: every script finds the repository, builds the jar, starts compute nodes and
# coordinators, reserves ports and waits for them through these functions, so every JVM gets the same flags.
# JAVA_OPTS passes options to every JVM (for example JAVA_OPTS=-Xmx64m); MLP_CLASSPATH, when set, is used
# instead of the jar (tests run the scripts on Maven's class path without packaging).
MLP_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
MLP_JAR="${MLP_CLASSPATH:-$MLP_ROOT/target/mlp-trainer.jar}"
JAVA_OPTS=${JAVA_OPTS:-}
# The training kernel uses the Vector API (model.VectorKernel, several times faster on the course shapes):
# compute nodes (the only JVMs that train) get its incubator module in MLP_NODE_OPTS. The JVM then prints
# "WARNING: Using incubator modules: jdk.incubator.vector" on stderr at start-up, and no option turns that
# off, so the launchers drop that one line. MLP_SCALAR_KERNEL=1 leaves the module out, and the scalar
# kernel runs (the same results to the bit).
MLP_NODE_OPTS=""
if [ "${MLP_SCALAR_KERNEL:-}" != 1 ] && [[ "$JAVA_OPTS" != *jdk.incubator.vector* ]]; then
  MLP_NODE_OPTS="--add-modules jdk.incubator.vector"
fi
# Our JVMs keep small heaps (a node's data is a few shards), where the serial collector costs least
# (docs/benchmarks.md). A collector named in JAVA_OPTS wins.
if [[ "$JAVA_OPTS" != *GC* ]]; then
  JAVA_OPTS="$JAVA_OPTS -XX:+UseSerialGC"
fi
# The coordinator and the client do little arithmetic (the nodes train), and C2's compilations cost them
# more CPU than the code they make saves, so they stop at C1 (docs/benchmarks.md). Set either variable
# (even to nothing) to replace these defaults; they come after JAVA_OPTS. Every other program the scripts
# run (status, letters, fault-proxy) counts as a client.
MLP_COORDINATOR_OPTS=${MLP_COORDINATOR_OPTS--XX:TieredStopAtLevel=1}
MLP_CLIENT_OPTS=${MLP_CLIENT_OPTS--XX:TieredStopAtLevel=1}

# The servers started so far (mlp_start and what calls it): their PIDs, and the logs of the compute nodes
# and coordinators among them (the servers that log "warm-up: done"). mlp_stop_cluster stops them all.
MLP_PIDS=()
MLP_LOGS=()
MLP_CPORT=""
MLP_WARM_S=""
MLP_TAKEN_PORTS=()

# Copies stdin to stdout without the JVM's incubator-module warning line.
mlp_drop_incubator_warning() {
  grep -v -x --line-buffered 'WARNING: Using incubator modules: jdk.incubator.vector' || true
}

# mlp_ensure_jar: builds the jar when it is missing or older than its sources. Scripts started at once on a fresh clone would each
# run Maven on the same target/ (and break each other's build), so the build holds a lock, MLP_BUILD_LOCK
# (default target/.build.lock): the others wait for it, then find the jar built. MLP_BUILD_COMMAND replaces
# the Maven command (tests).
mlp_ensure_jar() {
  if [ -z "${MLP_CLASSPATH:-}" ] && ! mlp_jar_current; then
    local lock=${MLP_BUILD_LOCK:-$MLP_ROOT/target/.build.lock} fd
    mkdir -p "$(dirname "$lock")"
    exec {fd}>"$lock"
    flock "$fd"
    if ! mlp_jar_current; then
      echo "building $MLP_JAR (missing, or older than the sources) ..." >&2
      (cd "$MLP_ROOT" && eval "${MLP_BUILD_COMMAND:-mvn -q -B -DskipTests package}") >&2 \
        || { exec {fd}>&-; echo "build failed: run 'mvn -DskipTests package' in $MLP_ROOT to see why" >&2; exit 1; }
    fi
    exec {fd}>&-
  fi
}

# mlp_jar_current: whether the jar exists and no source it is built from is newer (after a git pull the
# launchers rebuild it rather than run the old code)
mlp_jar_current() {
  [ -f "$MLP_JAR" ] || return 1
  local newer
  newer=$(find "$MLP_ROOT/src/main" "$MLP_ROOT/src/gen" "$MLP_ROOT/pom.xml" -newer "$MLP_JAR" -print -quit 2>/dev/null || true)
  [ -z "$newer" ]
}

# mlp_main_class CLASS: the fully qualified name (a bare name is a command in mlptrainer.cli)
mlp_main_class() {
  if [[ "$1" == *.* ]]; then echo "$1"; else echo "mlptrainer.cli.$1"; fi
}

# mlp_is_node CLASS: whether CLASS trains (compute nodes, the benchmarks' node farm, the one-JVM local cluster),
# so needs MLP_NODE_OPTS
mlp_is_node() {
  [[ "$1" == *ComputeNodeCommand || "$1" == *NodeFarm || "$1" == *LocalClusterCommand ]]
}

# mlp_jvm_opts CLASS: sets MLP_JVM_OPTS to the JVM options of that program, the ones README states:
# nodes MLP_NODE_OPTS and JAVA_OPTS; the coordinator JAVA_OPTS then MLP_COORDINATOR_OPTS; anything
# else JAVA_OPTS then MLP_CLIENT_OPTS.
mlp_jvm_opts() {
  if mlp_is_node "$1"; then MLP_JVM_OPTS="$MLP_NODE_OPTS $JAVA_OPTS"
  elif [[ "$1" == *CoordinatorCommand ]]; then MLP_JVM_OPTS="$JAVA_OPTS $MLP_COORDINATOR_OPTS"
  else MLP_JVM_OPTS="$JAVA_OPTS $MLP_CLIENT_OPTS"; fi
}

# mlp_run CLASS ARGS...: replaces the shell with the program (the launchers scripts/client, coordinator, ...).
mlp_run() {
  mlp_ensure_jar
  MLP_RUN_EXEC=1 mlp_java "$@"
}

# mlp_java CLASS ARGS...: runs the program in the foreground with its JVM options (mlp_jvm_opts) and its
# class-data archive (mlp_cds_opts); a node's stderr loses the incubator warning. With MLP_NETNS set, it runs
# inside that network namespace.
mlp_java() {
  local class status=0
  class=$(mlp_main_class "$1"); shift
  mlp_jvm_opts "$class"
  mlp_cds_opts "$class"
  local cmd=(java)
  [ -n "${MLP_NETNS:-}" ] && cmd=(ip netns exec "$MLP_NETNS" java)
  local exec_=()
  [ -n "${MLP_RUN_EXEC:-}" ] && exec_=(exec)
  if [[ "$MLP_CDS_BUILD" == *.aot ]]; then
    # the JVM that writes an AOT cache reports it on stdout, where a program's last line is its answer
    # shellcheck disable=SC2086
    "${cmd[@]}" $MLP_JVM_OPTS $MLP_CDS_OPTS -cp "$MLP_JAR" "$class" "$@" \
      > >(grep -v --line-buffered -e '^Reading AOTConfiguration ' -e '^AOTCache creation is complete' \
        -e '^Removed temporary AOT configuration' -e '^Temporary AOTConfiguration recorded' \
        -e '^Launching child process .* to assemble AOT cache' || true) 2> >(mlp_drop_incubator_warning >&2) || status=$?
  elif mlp_is_node "$class"; then
    # shellcheck disable=SC2086
    "${exec_[@]}" "${cmd[@]}" $MLP_JVM_OPTS $MLP_CDS_OPTS -cp "$MLP_JAR" "$class" "$@" 2> >(mlp_drop_incubator_warning >&2) || status=$?
  else
    # shellcheck disable=SC2086
    "${exec_[@]}" "${cmd[@]}" $MLP_JVM_OPTS $MLP_CDS_OPTS -cp "$MLP_JAR" "$class" "$@" || status=$?
  fi
  mlp_cds_finish
  return "$status"
}

# --- class-data sharing (CDS): the classes a program loads, kept parsed and verified in a file ---
# mlp_cds_opts CLASS: sets MLP_CDS_OPTS to the JVM options that read CLASS's archive, target/cds/<program>-<jdk>.jsa
# beside the jar, made by an earlier run of that program with the same jar and JDK; on JDK 25 and later an AOT
# cache (<program>-<jdk>.aot: classes loaded and linked, and the methods' profiles, so the JIT compiles sooner)
# instead. When there is none, or the jar or the JDK is newer than it, and the program runs in the foreground
# (not replacing the shell), the options make the JVM write one as it exits (to a temporary name that
# mlp_cds_finish moves into place, so runs at once never read a half-written one); that run's exit takes a few
# seconds longer. MLP_CDS=0 turns this off; programs run from a class path (MLP_CLASSPATH, the tests) have none.
# The JVM's messages about classes it cannot archive (picocli's, compiled for Java 5) are silenced.
mlp_cds_opts() {
  MLP_CDS_OPTS="" MLP_CDS_BUILD=""
  [ "${MLP_CDS:-1}" != 0 ] && [ -z "${MLP_CLASSPATH:-}" ] && [ -f "$MLP_JAR" ] || return 0
  local java_bin home major archive read write quiet="-Xlog:cds*=off"
  java_bin=$(readlink -f "$(command -v java)") || return 0
  home=$(dirname "$java_bin")/..
  major=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release" 2> /dev/null)
  archive="$(dirname "$MLP_JAR")/cds/${1##*.}-$(echo "$java_bin" | cksum | cut -d' ' -f1)"
  if [ "${major:-0}" -ge 25 ]; then
    archive=$archive.aot read=-XX:AOTCache write=-XX:AOTCacheOutput quiet="$quiet -Xlog:aot*=off"
  else
    archive=$archive.jsa read=-XX:SharedArchiveFile write=-XX:ArchiveClassesAtExit
  fi
  if [ -f "$archive" ] && [ "$archive" -nt "$MLP_JAR" ] && ! [ "$home/lib/server/libjvm.so" -nt "$archive" ]; then
    MLP_CDS_OPTS="$read=$archive $quiet"
  elif [ -z "${MLP_RUN_EXEC:-}" ] && mkdir -p "$(dirname "$archive")" 2> /dev/null; then
    MLP_CDS_BUILD=$archive
    MLP_CDS_OPTS="$write=$archive.$BASHPID.tmp $quiet"
  fi
}

# mlp_cds_finish: after a run that wrote an archive (mlp_cds_opts), moves it into place.
mlp_cds_finish() {
  if [ -n "${MLP_CDS_BUILD:-}" ]; then
    if [ -s "$MLP_CDS_BUILD.$BASHPID.tmp" ]; then mv -f "$MLP_CDS_BUILD.$BASHPID.tmp" "$MLP_CDS_BUILD"; else rm -f "$MLP_CDS_BUILD.$BASHPID.tmp"; fi
  fi
  MLP_CDS_BUILD=""
}

# mlp_bench_java JVM_ARGS...: a benchmark's own JVM in the foreground (a class path other than the jar's, such
# as JMH's or Smile's, and the benchmark's own options, not a program's launcher options).
mlp_bench_java() {
  java "$@"
}

# mlp_start LOG CLASS ARGS...: the program in the background (mlp_java, so with its JVM options and in
# MLP_NETNS when set), its output and errors in LOG (created anew), in the directory MLP_CWD when set.
# Sets MLP_JAVA_PID and appends it to MLP_PIDS, and LOG to MLP_LOGS for a compute node or coordinator.
# Does not wait for it (mlp_wait_port).
mlp_start() {
  local log=$1; shift
  mlp_ensure_jar
  : > "$log"
  (cd "${MLP_CWD:-.}" && MLP_RUN_EXEC=1 mlp_java "$@") >> "$log" 2>&1 &
  MLP_JAVA_PID=$!
  MLP_PIDS+=("$MLP_JAVA_PID")
  case $1 in *ComputeNodeCommand|*CoordinatorCommand) MLP_LOGS+=("$log") ;; esac
}

# --- ports ---
# mlp_take_ports N: sets MLP_PORTS to N distinct free loopback ports that this shell has not taken before.
# All are picked while the others are still held, and each is remembered (MLP_TAKEN_PORTS): a port taken
# but not yet bound by its server is free to the kernel, and picked again it would go to two servers
# (bench-scale.sh once failed that way). Another program on the machine can still bind one first.
mlp_take_ports() {
  mapfile -t MLP_PORTS < <(python3 -c '
import socket, sys
n, taken, held, ports = int(sys.argv[1]), set(sys.argv[2:]), [], []
while len(ports) < n:
    s = socket.socket(); s.bind(("127.0.0.1", 0)); held.append(s)
    p = str(s.getsockname()[1])
    if p not in taken and p not in ports: ports.append(p)
print("\n".join(ports))' "$1" "${MLP_TAKEN_PORTS[@]}")
  [ "${#MLP_PORTS[@]}" -eq "$1" ] || { echo "could not reserve $1 free ports (is python3 installed?)" >&2; return 1; }
  MLP_TAKEN_PORTS+=("${MLP_PORTS[@]}")
}

# mlp_take_port: sets MLP_PORT to one port as mlp_take_ports takes them.
mlp_take_port() {
  mlp_take_ports 1 && MLP_PORT=${MLP_PORTS[0]}
}

# mlp_wait_port PORT [PID...]: waits (30 s at most) until PORT accepts connections; fails when one of the
# PIDs (default: every PID in MLP_PIDS) exited first. Connects to MLP_HOST (default 127.0.0.1), from inside
# the network namespace MLP_NETNS when set.
mlp_wait_port() {
  local port=$1 pid; shift
  local pids=("$@") probe="echo > /dev/tcp/${MLP_HOST:-127.0.0.1}/$port"
  [ $# -gt 0 ] || pids=("${MLP_PIDS[@]}")
  for _ in $(seq 1 300); do
    if [ -n "${MLP_NETNS:-}" ]; then ip netns exec "$MLP_NETNS" bash -c "$probe" 2>/dev/null && return 0
    else (eval "$probe") 2>/dev/null && return 0; fi
    for pid in "${pids[@]}"; do
      kill -0 "$pid" 2>/dev/null || { echo "a server (pid $pid) exited before port $port opened" >&2; return 1; }
    done
    sleep 0.1
  done
  echo "port $port did not open within 30 s" >&2; return 1
}

# --- a local cluster: every server on loopback, with the data directory as its data root ---
# mlp_server_options DATA_DIR: sets MLP_SERVER_OPTS to the options every server these scripts start gets:
# it listens on loopback only, and reads data only inside DATA_DIR (its data root, made absolute here), so
# nothing else on this machine can reach it and a request cannot read or probe any other file.
mlp_server_options() {
  local root
  root=$(cd "$1" && pwd) || { echo "no such data directory: $1" >&2; return 1; }
  MLP_SERVER_OPTS=(--bind 127.0.0.1 --data-root "$root")
}

# mlp_start_node LOG PORT LOAD DELAY_MS DATA_DIR [OPTION...]: a compute node in the background (mlp_start)
# with the scripts' server options (mlp_server_options) and any more OPTIONs; does not wait for it.
mlp_start_node() {
  local log=$1 port=$2 load=$3 delay=$4
  mlp_server_options "$5" || return 1
  shift 5
  mlp_start "$log" ComputeNodeCommand "$port" "$load" --load-delay-ms "$delay" "${MLP_SERVER_OPTS[@]}" "$@"
}

# mlp_start_coordinator WORKDIR POLICY NODES_FILE DATA_DIR [PORT [OPTION...]]: a coordinator on PORT (empty:
# a port from mlp_take_port) in MLP_CPORT, with the scripts' server options and any more OPTIONs, working in
# WORKDIR (its checkpoints go there unless an OPTION says otherwise; its log is WORKDIR/coordinator.log,
# created anew); does not wait for it.
mlp_start_coordinator() {
  local work=$1 policy=$2 nodes_file=$3
  mlp_server_options "$4" || return 1
  MLP_CPORT=${5:-}
  if [ -z "$MLP_CPORT" ]; then mlp_take_port || return 1; MLP_CPORT=$MLP_PORT; fi
  shift $(( $# < 5 ? $# : 5 ))
  MLP_CWD=$work mlp_start "$work/coordinator.log" CoordinatorCommand "$MLP_CPORT" "$policy" --nodes "$nodes_file" \
    "${MLP_SERVER_OPTS[@]}" "$@"
}

# mlp_start_cluster WORKDIR NODES POLICY LOAD[,LOAD...] DELAY_MS DATA_DIR [OPTION...]: starts NODES compute nodes
# (node i with the i-th load probability, the list repeated as needed; log WORKDIR/node<i>.log) and a coordinator
# with any more OPTIONs, listed in WORKDIR/compute_nodes.txt, and waits until each listens. Ports: free ones
# (mlp_take_ports), or with MLP_BASE_PORT the coordinator on it and node i on MLP_BASE_PORT+i. Sets MLP_CPORT.
# The caller stops them (mlp_stop_cluster) from its own EXIT trap. Each server warms up after it listens (a few
# seconds of low-priority CPU, ending in the log line "warm-up: done in N ms"); mlp_wait_warm waits for that,
# so a timed job does not compete with it or pay for cold code.
mlp_start_cluster() {
  local work=$1 nodes=$2 policy=$3 delay=$5 data=$6 i port ports loads
  IFS=, read -r -a loads <<< "$4"
  shift 6
  if [ -n "${MLP_BASE_PORT:-}" ]; then
    ports=(); for i in $(seq 1 "$nodes") 0; do ports+=($((MLP_BASE_PORT + i))); done
  else
    mlp_take_ports $((nodes + 1)) || return 1; ports=("${MLP_PORTS[@]}")
  fi
  : > "$work/compute_nodes.txt"
  for i in $(seq 1 "$nodes"); do
    port=${ports[$((i - 1))]}
    mlp_start_node "$work/node$i.log" "$port" "${loads[$(( (i - 1) % ${#loads[@]} ))]}" "$delay" "$data" || return 1
    echo "127.0.0.1,$port" >> "$work/compute_nodes.txt"
  done
  mlp_start_coordinator "$work" "$policy" "$work/compute_nodes.txt" "$data" "${ports[$nodes]}" "$@" || return 1
  for port in "${ports[@]}"; do mlp_wait_port "$port" || return 1; done
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

# mlp_stop_cluster [SIGNAL]: sends SIGNAL (default TERM) to every process in MLP_PIDS, waits for them, and
# forgets them.
mlp_stop_cluster() {
  local pid
  for pid in "${MLP_PIDS[@]}"; do kill -s "${1:-TERM}" "$pid" 2>/dev/null || true; done
  for pid in "${MLP_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  MLP_PIDS=()
  MLP_LOGS=()
}

# mlp_peak_rss_kb PID: the process's peak resident set (VmHWM) in kB, or "?" when it is gone
mlp_peak_rss_kb() {
  awk '/^VmHWM:/ {print $2; found=1} END {if (!found) print "?"}' "/proc/$1/status" 2>/dev/null || echo "?"
}
