#!/usr/bin/env bash
# A node whose deltas contain NaN: they are never applied, the task runs again on another node, and the
# job ends with the fault-free run's final error. usage: scripts/faults/bad-deltas.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
clean_run
start_node 0 0; a=$LAST_PORT; start_node 0 0; b=$LAST_PORT
start_node 0 0 "" --inject-bad-deltas 1; bad=$LAST_PORT
start_coordinator -- "$bad" "$a" "$b"
client > "$work/job.out" 2>&1
say "bad deltas sent by node $bad: $(grep -c 'sending deltas with a NaN' "$work/node$bad.log")"
cat "$work/job.out"; compare "$work/job.out"
