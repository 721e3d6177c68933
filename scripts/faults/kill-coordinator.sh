#!/usr/bin/env bash
# The coordinator killed with SIGKILL mid-job: started again on the same checkpoint directory, it
# resumes the request (client --resume) from the last completed round and ends with the
# uninterrupted run's final error. usage: scripts/faults/kill-coordinator.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
JOB=(data 6 4 6 0.01 --k 3)
clean_run
start_node 1 300; a=$LAST_PORT; start_node 1 300; b=$LAST_PORT   # 0.3 s of load per task: rounds take time
start_coordinator --checkpoint-dir "$work/ckpt" -- "$a" "$b"; first=$LAST_PID
start_client "$work/first.out"
wait_log coordinator "round 2/6: validation error"
say "round 2 is done: kill -9 the coordinator ($first)"; kill -9 "$first"
wait "$JOB_PID" || say "the client saw its coordinator die, as expected"
start_coordinator --checkpoint-dir "$work/ckpt" -- "$a" "$b"
client --resume > "$work/job.out" 2>&1
grep -q "resuming after round" "$work/coordinator.log" && say "$(grep -o 'resuming after round [0-9/]*' "$work/coordinator.log")"
cat "$work/job.out"; compare "$work/job.out"
