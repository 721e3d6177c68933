#!/usr/bin/env bash
# A node listed but down at the start joins once started; another leaves (SIGTERM) after the first
# round. usage: scripts/faults/join-leave.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
clean_run
take_port; late=$PORT
start_node 1 200; a=$LAST_PORT; start_node 1 200; leaving=$LAST_PORT; leaving_pid=$LAST_PID
start_coordinator -- "$late" "$a" "$leaving"
start_client "$work/job.out"
wait_log coordinator "round 1/3: validation error"
say "round 1 done: starting node $late, stopping node $leaving"; start_node 0 0 "$late"; kill "$leaving_pid"
wait "$JOB_PID"; cat "$work/job.out"; compare "$work/job.out"
