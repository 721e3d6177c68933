#!/usr/bin/env bash
# Times `prepare` on a generated CSV much larger than its heap: SIZE_MB of rows (default 1024), 20
# features (integers and 3-decimal reals, some negative) and one of 7 string labels, prepared into 10
# shards and a 0.2 validation fraction with JAVA_OPTS=-Xmx64m (HEAP to change it). Rows are a block of
# 10,000 random rows repeated, which generates fast; prepare reads every byte either way.
#
# usage: scripts/bench-prepare.sh [SIZE_MB] [WORK_DIR]    (WORK_DIR default: a temporary directory, removed)
# Last line: prepare-bench: mb=<input size> rows=<rows> heap=<-Xmx> seconds=<wall> max_rss_mb=<peak RSS>
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
case ${1:-} in -h|--help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;; esac
size_mb=${1:-1024}
work=${2:-}
if [ -z "$work" ]; then work=$(mktemp -d); trap 'rm -rf "$work"' EXIT; fi
heap=${HEAP:--Xmx64m}
mlp_ensure_jar

python3 - "$work/block.csv" <<'PY'
import random, sys
random.seed(18)
with open(sys.argv[1], 'w') as f:
    for i in range(10000):
        f.write(','.join(str(random.randint(0, 255)) if j % 2 == 0 else '%.3f' % (random.random() * 10 - 5)
                         for j in range(20)) + ',class%d\n' % (i % 7))
PY
input="$work/large.csv"
{ printf 'f%s,' $(seq 1 20); echo label; } > "$input"
block_bytes=$(stat -c %s "$work/block.csv")
copies=$(( (size_mb * 1024 * 1024 + block_bytes - 1) / block_bytes ))
for _ in $(seq 1 "$copies"); do cat "$work/block.csv"; done >> "$input"
rm -f "$work/block.csv"
rows=$(( copies * 10000 ))
echo "prepare-bench: $(( $(stat -c %s "$input") >> 20 )) MB, $rows rows in $input" >&2

start=$(date +%s.%N)
JAVA_OPTS="$heap" /usr/bin/time -f '%M' -o "$work/rss" "$MLP_ROOT/scripts/prepare" "$input" "$work/out" --force >&2
end=$(date +%s.%N)
echo "prepare-bench: mb=$(( $(stat -c %s "$input") >> 20 )) rows=$rows heap=$heap seconds=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }') max_rss_mb=$(( $(cat "$work/rss") / 1024 ))"
