#!/usr/bin/env bash
# Runs every aggregation strategy (docs/strategies.md) on three splits of DATA_DIR's training rows into 11
# shards (shuffled: the rows evenly in their order; dirichlet0.1 and dirichlet0.5: `letters split --mode
# dirichlet --alpha A --seed 1`), each without and with one lying shard (shard 1's deltas sign-flipped:
# --set inject=sign_flip), with the `accurate` recipe (h 384, 100 rounds of 1 epoch, eta 0.3, --preset
# accurate) on 4 local compute nodes and a coordinator started with --allow-fault-injection. DATA_DIR's
# validate_letters.txt validates every run. Prints one table: strategy, split, attack, final and best
# validation error, seconds (the client's wall time for the job). A strategy this build's coordinator refuses
# (an unknown name, or a node that cannot run it) shows n/a; a job that fails shows "failed" (why: on stderr).
#
# usage: scripts/bench-strategies.sh [--quick] [--strategies A,B,...] [--splits ...] [--attacks ...] DATA_DIR
#   --quick           2 rounds, h 16, 2 nodes, strategy mean only (unless --strategies): checks the plumbing
#   --strategies LIST comma-separated names to run instead of all
#   --splits LIST     some of shuffled,dirichlet0.1,dirichlet0.5;  --attacks LIST  some of none,sign_flip
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
usage() { sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
# the names of docs/strategies.md; mean is the default and runs with no strategy setting (every build has it)
strategies=(mean fedavg fedprox fedavgm fedadam fedyogi fedadagrad median trimmed_mean krum multi_krum)
splits=(shuffled dirichlet0.1 dirichlet0.5)
attacks=(none sign_flip)
rounds=100 epochs=1 h=384 eta=0.3 nodes=4 quick=""
while [ $# -gt 0 ]; do
  case $1 in
    --quick) quick=1; rounds=2; h=16; nodes=2; strategies=(mean); shift ;;
    --strategies) [ $# -ge 2 ] || usage; IFS=, read -r -a chosen <<< "$2"; shift 2 ;;
    --splits) [ $# -ge 2 ] || usage; IFS=, read -r -a splits <<< "$2"; shift 2 ;;
    --attacks) [ $# -ge 2 ] || usage; IFS=, read -r -a attacks <<< "$2"; shift 2 ;;
    -h|--help) usage ;;
    -*) echo "bench-strategies: unknown option $1" >&2; usage ;;
    *) break ;;
  esac
done
[ $# -eq 1 ] || usage
[ -n "${chosen+x}" ] && strategies=("${chosen[@]}")
data=$1
for split in "${splits[@]}"; do
  case $split in shuffled|dirichlet0.1|dirichlet0.5) ;; *) echo "bench-strategies: no split $split" >&2; usage ;; esac
done
for attack in "${attacks[@]}"; do
  case $attack in none|sign_flip) ;; *) echo "bench-strategies: no attack $attack" >&2; usage ;; esac
done
[ -f "$data/validate_letters.txt" ] || { echo "bench-strategies: $data has no validate_letters.txt" >&2; exit 2; }
mlp_ensure_jar
work=$(mktemp -d)
trap 'mlp_stop_cluster; rm -rf "$work"' EXIT
mkdir -p "$work/data" "$work/run"

# write_split NAME [SPLIT OPTION...]: DATA_DIR's rows in 11 shards under $work/data/NAME
write_split() {
  local name=$1; shift
  mlp_java LettersCommand split -q "$data" -o "$work/data/$name" --shards 11 "$@" >&2
}
for split in "${splits[@]}"; do
  case $split in
    shuffled) write_split shuffled ;;
    dirichlet*) write_split "$split" --mode dirichlet --alpha "${split#dirichlet}" --seed 1 ;;
  esac
done

mlp_start_cluster "$work/run" "$nodes" 1 0 0 "$work/data" --allow-fault-injection >&2
[ -n "$quick" ] || mlp_wait_warm

# run_job STRATEGY SPLIT ATTACK: prints one table row
run_job() {
  local strategy=$1 split=$2 attack=$3 sets=() out err start end code=0 final best
  [ "$strategy" = mean ] || sets+=(--set "strategy=$strategy")
  [ "$attack" = none ] || sets+=(--set inject=sign_flip --set inject_shards=1)
  out="$work/run/client.out" err="$work/run/client.err"
  start=$(date +%s.%N)
  mlp_java ClientCommand 127.0.0.1 "$MLP_CPORT" "$split" "$rounds" "$epochs" "$h" "$eta" --preset accurate \
    --progress plain "${sets[@]}" > "$out" 2> "$err" || code=$?
  end=$(date +%s.%N)
  final=$(sed -n 's/^Final validation error: //p' "$out" | tail -n 1)
  best=$(sed -n 's/^Best validation error: \([0-9.]*\).*/\1/p' "$out" | tail -n 1)
  if [ "$code" -ne 0 ] || [ -z "$final" ]; then
    if grep -q 'refused the request' "$err"; then final=n/a; else final=failed; fi
    best=$final
    echo "bench-strategies: $strategy on $split ($attack): $(grep -v '^\s*$' "$err" | tail -n 1)" >&2
  fi
  printf '| %s | %s | %s | %s | %s | %s |\n' "$strategy" "$split" "$attack" "$final" "${best:-$final}" \
    "$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')"
}

echo "| strategy | split | attack | final error | best error | seconds |"
echo "|---|---|---|---|---|---|"
for strategy in "${strategies[@]}"; do
  for split in "${splits[@]}"; do
    for attack in "${attacks[@]}"; do
      run_job "$strategy" "$split" "$attack"
    done
  done
done
