#!/usr/bin/env bash
# Runs a README accuracy recipe with local compute nodes and a coordinator, end to end, and reports the
# final validation error, the wall time from start (JVMs included) to the client's last line, and when a
# round's validation first reached issue 21's targets (0.0331 and 0.025), from the same start.
#   accurate (default): --preset accurate, 4 nodes, h 384, 100 rounds of 1 local epoch, eta 0.3
#   fast:               --preset fast, 2 nodes (a round trains 2 shards), h 512, 360 rounds of 1 epoch, eta 0.1
#   quick:              --preset quick, 2 nodes, h 384, 130 rounds of 1 epoch, eta 0.1 (the 5 s budget)
# NODES=N starts N nodes instead; the model is the same for any number.
#
# usage: scripts/bench-learning.sh [--repeat N] DATA_DIR [accurate|fast|quick [ROUNDS]]   (ROUNDS replaces the recipe's)
#   --repeat N   run N times, then print min/median/max of each figure ("never" counts as the longest)
# Last line: learning: error=<final validation error> seconds=<wall time> reached_0.0331_s=<seconds, or never>
#   reached_0.025_s=<...> cpu_s=<user + system CPU of every process of the run> load=<1-minute load at the start>
# (with --repeat each figure is MIN/MEDIAN/MAX, followed by runs=N). A round counts when the client learns of it.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
usage() { sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; }
repeat=1
if [ "${1:-}" = --repeat ]; then
  [[ "${2:-}" =~ ^[1-9][0-9]*$ ]] || { echo "bench-learning: --repeat needs a positive number, got '${2:-}'" >&2; exit 2; }
  repeat=$2; shift 2
fi
[ $# -ge 1 ] || { usage; exit 2; }
data=$1 preset=${2:-accurate}
case $preset in
  accurate) recipe=(100 1 384 0.3) nodes=4 ;;
  fast) recipe=(360 1 512 0.1) nodes=2 ;;
  quick) recipe=(130 1 384 0.1) nodes=2 ;;
  *) echo "bench-learning: no recipe '$preset'; known: accurate, fast, quick" >&2; exit 2 ;;
esac
if [ $# -ge 3 ]; then
  [[ "$3" =~ ^[1-9][0-9]*$ ]] || { echo "bench-learning: ROUNDS must be a positive number, got $3" >&2; exit 2; }
  recipe[0]=$3
fi
mlp_ensure_jar
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# children_cpu FILE: user + system seconds of this shell's finished children so far (the second line of
# bash's `times`, which must run in this shell, not in a command substitution's)
children_cpu() {
  times > "$1"
  tail -n 1 "$1" | awk '{ s = 0; for (i = 1; i <= 2; i++) { split($i, p, "m"); s += p[1] * 60 + p[2] } printf "%.2f", s }'
}

# run_once I: one run, its output echoed; its figures' line goes to $work/run.I
run_once() {
  local i=$1 out=$work/out.$1 csv=$work/rounds.$1.csv start end cpu0 cpu1 load
  load=$(cut -d' ' -f1 /proc/loadavg)
  children_cpu "$work/times" > "$work/cpu0"
  cpu0=$(cat "$work/cpu0")
  start=$(date +%s.%N)
  "$MLP_ROOT/scripts/local-cluster.sh" -n "${NODES:-$nodes}" -d 0 "$data" "${recipe[@]}" -- --preset "$preset" \
    --progress plain --log-rounds "$csv" | tee "$out"
  end=$(date +%s.%N)
  children_cpu "$work/times" > "$work/cpu1"
  cpu1=$(cat "$work/cpu1")
  grep -q '^Final validation error: ' "$out" || { echo "bench-learning: the run did not finish" >&2; exit 1; }
  python3 - "$out" "$csv" "$start" "$end" "$cpu0" "$cpu1" "$load" > "$work/run.$i" <<'EOF'
import csv, datetime, sys
out, rounds, start, end, cpu0, cpu1, load = sys.argv[1:]
error = [l.split(": ")[1].strip() for l in open(out) if l.startswith("Final validation error: ")][-1]
reached = {"0.0331": "never", "0.025": "never"}
for row in csv.DictReader(open(rounds)):
    at = datetime.datetime.fromisoformat(row["time"].replace("Z", "+00:00")).timestamp() - float(start)
    for target in reached:
        if reached[target] == "never" and float(row["validation_error"]) <= float(target):
            reached[target] = "%.1f" % at
print("learning: error=%s seconds=%.1f reached_0.0331_s=%s reached_0.025_s=%s cpu_s=%.1f load=%s" % (
    error, float(end) - float(start), reached["0.0331"], reached["0.025"], float(cpu1) - float(cpu0), load))
EOF
  cat "$work/run.$i"
}

for i in $(seq 1 "$repeat"); do
  run_once "$i"
done
[ "$repeat" -gt 1 ] || exit 0
cat "$work"/run.* | python3 -c '
import statistics, sys
runs = [dict(f.split("=", 1) for f in line.split()[1:]) for line in sys.stdin]
def spread(key):
    values = sorted(float("inf") if r[key] == "never" else float(r[key]) for r in runs)
    shown = ["never" if v == float("inf") else ("%.4f" if key == "error" else "%.1f") % v
             for v in (values[0], statistics.median(values), values[-1])]
    return "%s=%s" % (key, "/".join(shown))
keys = ("error", "seconds", "reached_0.0331_s", "reached_0.025_s", "cpu_s", "load")
print("learning: " + " ".join(spread(k) for k in keys) + " runs=%d" % len(runs))'
