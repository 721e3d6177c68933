#!/usr/bin/env bash
# Every node down: the job fails within --no-node-timeout naming each node and why; the coordinator
# keeps serving, and once the nodes are up the next job succeeds. usage: scripts/faults/all-down.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
clean_run
take_port; p1=$PORT; take_port; p2=$PORT
start_coordinator --no-node-timeout 3 -- "$p1" "$p2"
if client > "$work/job.out" 2>&1; then say "the job should have failed"; exit 1; fi
cat "$work/job.out"
start_node 0 0 "$p1"; start_node 0 0 "$p2"
client > "$work/job2.out" 2>&1; cat "$work/job2.out"; compare "$work/job2.out"
