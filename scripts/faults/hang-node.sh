#!/usr/bin/env bash
# A node that accepts connections and never answers (a fault proxy stuck half-open in front of a
# closed port), with a 2 s task timeout: its tasks run elsewhere. usage: scripts/faults/hang-node.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
clean_run
take_port; hang=$PORT; take_port; start_proxy "$hang" "$PORT" --mode half-open   # nothing listens on $PORT
start_node 0 0; a=$LAST_PORT; start_node 0 0; b=$LAST_PORT
start_coordinator --task-timeout 2 -- "$hang" "$a" "$b"
client > "$work/job.out" 2>&1; cat "$work/job.out"; compare "$work/job.out"
