#!/usr/bin/env bash
# A node far slower than its peers (10 minutes per task): backup attempts on idle nodes win, the
# job does not wait for it. usage: scripts/faults/slow-node.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
clean_run
start_node 1 600000; slow=$LAST_PORT; start_node 0 0; a=$LAST_PORT; start_node 0 0; b=$LAST_PORT
start_coordinator --speculate-after 3 -- "$slow" "$a" "$b"
client > "$work/job.out" 2>&1; cat "$work/job.out"; compare "$work/job.out"
