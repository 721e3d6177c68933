#!/usr/bin/env bash
# A client that disconnects mid-job: the job goes on, and its result stays readable by job id
# (scripts/status). usage: scripts/faults/client-disconnect.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
clean_run
start_node 1 300; a=$LAST_PORT; start_node 1 300; b=$LAST_PORT
start_coordinator -- "$a" "$b"
start_client "$work/job.out"
wait_log coordinator "round 1/3: validation error"
say "round 1 is done: kill -9 the client"; kill -9 "$JOB_PID"; wait "$JOB_PID" 2>/dev/null || true
for _ in $(seq 1 600); do
  mlp_java StatusCommand 127.0.0.1 "$CPORT" > "$work/status.out"
  grep -q "job 1 running" "$work/status.out" || break
  sleep 0.1
done
cat "$work/status.out"
got=$(grep -o 'final validation error [0-9.]*' "$work/status.out" | awk '{print $4}')
want=${CLEAN#Final validation error: }
if [ "$got" = "$want" ]; then say "the job finished without its client: $got, as the fault-free run"; else say "DIFFERENT: '$got' vs '$want'"; exit 1; fi
