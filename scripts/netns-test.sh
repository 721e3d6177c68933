#!/usr/bin/env bash
# Multi-host test on one machine: network namespaces joined by veth pairs to a bridge that lives in a
# namespace of its own, so no traffic leaves them. The coordinator and each compute node run in their
# own namespace at their own address with their own data directory (the nodes start empty: shards are
# shipped). Links to two nodes pass through the fault-injecting proxy (a slow link; dropped
# connections). The job's final model must equal a single-host run's, byte for byte.
#
# usage: scripts/netns-test.sh [--tls] [DATA_DIR]     (default DATA_DIR: letters/)
#   --tls   TLS on every link (mutual for nodes) and a shared token on every call
# Exit: 0 when the models match; 1 when they differ or a step fails; 77 when skipped (not root, no
# iproute2, namespaces not permitted), saying why.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

tls=0
[ "${1:-}" = "--tls" ] && { tls=1; shift; }
data=$(cd "${1:-$MLP_ROOT/letters}" && pwd)
rounds=3 epochs=10 h=16 eta=0.0001
tag="mlp$$"                       # namespace names unique to this run
subnet=10.213.$(( $$ % 200 + 20 ))  # our own test hosts' addresses

skip() { echo "netns-test: skipped: $*" >&2; exit 77; }
[ "$(id -u)" = 0 ] || skip "needs root to make network namespaces"
command -v ip >/dev/null || skip "iproute2 (ip) is not installed"
ip netns add "$tag-probe" 2>/dev/null || skip "this machine does not permit network namespaces"
ip netns del "$tag-probe"
mlp_ensure_jar

work=$(mktemp -d)
spaces=()
cleanup() {
  mlp_stop_cluster
  for ns in "${spaces[@]}"; do ip netns del "$ns" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# start_in NAMESPACE LOG CLASS ARGS...: a server in that namespace (scripts/lib.sh's mlp_start)
start_in() { local ns=$1; shift; MLP_NETNS=$ns mlp_start "$@"; }

# a switch namespace with a bridge; each host gets a veth pair with one end on the bridge
ip netns add "$tag-sw"; spaces+=("$tag-sw")
ip -n "$tag-sw" link add br0 type bridge
ip -n "$tag-sw" link set br0 up
host() {
  local name=$1 last=$2 ns="$tag-$1"
  ip netns add "$ns"; spaces+=("$ns")
  ip link add "v$$$last" type veth peer name eth0 netns "$ns"
  ip link set "v$$$last" netns "$tag-sw"
  ip -n "$tag-sw" link set "v$$$last" master br0 up
  ip -n "$ns" addr add "$subnet.$last/24" dev eth0
  ip -n "$ns" link set eth0 up
  ip -n "$ns" link set lo up
}
host coord 1; host n1 11; host n2 12; host n3 13; host proxy 20

security=()
keytool=$(dirname "$(readlink -f "$(command -v java)")")/keytool
if [ "$tls" = 1 ]; then
  "$keytool" -genkeypair -alias cluster -keyalg EC -dname CN=cluster -validity 2 -keystore "$work/cluster.p12" \
    -storepass changeit >/dev/null 2>&1
  "$keytool" -exportcert -alias cluster -keystore "$work/cluster.p12" -storepass changeit -file "$work/cluster.crt" >/dev/null 2>&1
  "$keytool" -importcert -noprompt -alias cluster -file "$work/cluster.crt" -keystore "$work/trust.p12" \
    -storepass changeit >/dev/null 2>&1
  head -c 32 /dev/urandom | base64 > "$work/token"
  security=(--tls --keystore "$work/cluster.p12" --keystore-password changeit --truststore "$work/trust.p12"
            --truststore-password changeit --token-file "$work/token")
fi

# nodes: each its own empty data directory (no shared files)
for i in 1 2 3; do
  mkdir -p "$work/n$i"
  start_in "$tag-n$i" "$work/n$i.log" ComputeNodeCommand 9000 0 --bind "$subnet.1$i" \
    --data-root "$work/n$i" --shard-cache-dir "$work/n$i/.vault" "${security[@]}"
done
# the proxy: a slow link to node 1, and the first two connections to node 2 dropped
start_in "$tag-proxy" "$work/proxy1.log" FaultProxyCommand 9101 "$subnet.11" 9000 \
  --bind "$subnet.20" --mode delay --param 20
start_in "$tag-proxy" "$work/proxy2.log" FaultProxyCommand 9102 "$subnet.12" 9000 \
  --bind "$subnet.20" --mode drop --times 2
printf '%s\n' "$subnet.20,9101" "$subnet.20,9102" "$subnet.13,9000" > "$work/nodes.txt"
start_in "$tag-coord" "$work/coordinator.log" CoordinatorCommand 9090 1 --bind "$subnet.1" \
  --nodes "$work/nodes.txt" --data-root "$data" --no-checkpoints "${security[@]}"

wait_port() {  # namespace address port
  MLP_NETNS=$1 MLP_HOST=$2 mlp_wait_port "$3" && return 0
  echo "netns-test: $2:$3 did not open; logs:" >&2; tail -n 5 "$work"/*.log >&2; exit 1
}
for i in 1 2 3; do wait_port "$tag-n$i" "$subnet.1$i" 9000; done
wait_port "$tag-proxy" "$subnet.20" 9101; wait_port "$tag-proxy" "$subnet.20" 9102
wait_port "$tag-coord" "$subnet.1" 9090

echo "netns-test: training across namespaces$([ "$tls" = 1 ] && echo ' with TLS and a token')" >&2
MLP_NETNS=$tag-coord mlp_java ClientCommand "$subnet.1" 9090 "$data" \
  "$rounds" "$epochs" "$h" "$eta" --save-model "$work/multi.model" "${security[@]}" | tail -n 1

echo "netns-test: the same job on one host" >&2
"$MLP_ROOT/scripts/local-cluster.sh" -n 2 "$data" "$rounds" "$epochs" "$h" "$eta" -- \
  --save-model "$work/single.model" | tail -n 1

if cmp -s "$work/multi.model" "$work/single.model"; then
  echo "netns-test: PASS: the multi-host model equals the single-host model"
  exit 0
fi
echo "netns-test: FAIL: the models differ" >&2
exit 1
