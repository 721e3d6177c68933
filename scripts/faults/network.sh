#!/usr/bin/env bash
# Network trouble on the link to one of three nodes, through the fault proxy:
#   scripts/faults/network.sh "reset 300 3"     reset in the middle of a reply (3 times)
#   scripts/faults/network.sh "half-open 2"     connections that stop answering (2 times)
#   scripts/faults/network.sh "delay 30"        a slow link (30 ms per chunk)
#   scripts/faults/network.sh "drop 3"          new connections closed at once (3 times)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
read -r -a fault <<< "${1:-reset 300 3}"
clean_run
start_node 0 0; behind=$LAST_PORT; start_node 0 0; a=$LAST_PORT; start_node 0 0; b=$LAST_PORT
case ${fault[0]} in
  reset|delay) args=(--mode "${fault[0]}" --param "${fault[1]}" --times "${fault[2]:--1}") ;;
  *) args=(--mode "${fault[0]}" --times "${fault[1]:--1}") ;;
esac
take_port; proxy=$PORT; start_proxy "$proxy" "$behind" "${args[@]}" -v
start_coordinator --task-timeout 2 -- "$proxy" "$a" "$b"
client > "$work/job.out" 2>&1; cat "$work/job.out"
say "proxy: $(grep -c 'resetting\|half-open\|dropping' "$work/proxy.log" || true) fault(s) injected"
compare "$work/job.out"
