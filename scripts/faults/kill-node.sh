#!/usr/bin/env bash
# A compute node killed with SIGKILL in the middle of a task: the task runs again elsewhere and the
# job ends with the fault-free run's final error. usage: scripts/faults/kill-node.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
clean_run
start_node 1 120000; victim=$LAST_PORT; victim_pid=$LAST_PID   # always 2 minutes of load: surely mid-task
start_node 0 0; a=$LAST_PORT; start_node 0 0; b=$LAST_PORT; start_node 0 0; c=$LAST_PORT
start_coordinator -- "$victim" "$a" "$b" "$c"
start_client "$work/job.out"
wait_log "node$victim" "injecting"
say "node $victim is mid-task: kill -9 $victim_pid"; kill -9 "$victim_pid"
wait "$JOB_PID"; cat "$work/job.out"; compare "$work/job.out"
