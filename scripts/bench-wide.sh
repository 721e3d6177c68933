#!/usr/bin/env bash
# Wide data (issue 20): one epoch of mini-batch SGD on 8,000 synthetic rows of 784 features and 10
# classes, Java (the vector kernel, one thread) against numpy (OpenBLAS on one thread), alternated.
#
# usage: scripts/bench-wide.sh [-n RUNS] [-w WARMUP] [BATCH:H ...]
#        (defaults: 5 runs, 2 warm-up epochs; 32:256 128:256 32:1024 128:1024)
# Each run starts one JVM (mlptrainer.bench.WideEpoch from target/benchmarks.jar, built with
# mvn -Pjmh -DskipTests package when missing) and then one python3 (scripts/bench-wide.py); each
# times every configuration after WARMUP untimed epochs of it (the JIT's compilation, which a
# node's start-up warm-up does before its first task). numpy runs with
# OPENBLAS_NUM_THREADS=1 and without OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE. Prints every run's
# lines, then per configuration the min/median/max wall seconds of both and the ratio of the medians,
# and the same for CPU seconds (the training thread's for Java, the process's for numpy), which
# other processes on a shared machine disturb less:
#   wide: batch=B h=H java_s=MIN/MEDIAN/MAX numpy_s=MIN/MEDIAN/MAX ratio=R java_cpu=... numpy_cpu=... cpu_ratio=R
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$root/scripts/lib.sh"
runs=5
warmup=2
while getopts "n:w:h" opt; do
  case $opt in
    n) runs=$OPTARG ;;
    w) warmup=$OPTARG ;;
    h) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench-wide: try -h" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "bench-wide: -n wants a positive number of runs, got '$runs'" >&2; exit 2; }
[[ "$warmup" =~ ^[0-9]+$ ]] || { echo "bench-wide: -w wants a number of warm-up epochs, got '$warmup'" >&2; exit 2; }
configs=("$@")
[ ${#configs[@]} -gt 0 ] || configs=(32:256 128:256 32:1024 128:1024)
for c in "${configs[@]}"; do
  [[ "$c" =~ ^[1-9][0-9]*:[1-9][0-9]*$ ]] || { echo "bench-wide: '$c' is not BATCH:H (e.g. 32:256)" >&2; exit 2; }
done
python3 -c 'import numpy' 2>/dev/null || { echo "bench-wide: python3 with numpy is needed" >&2; exit 2; }
jar=$root/target/benchmarks.jar
if [ ! -f "$jar" ]; then
  echo "bench-wide: building $jar (mvn -Pjmh -DskipTests package)"
  (cd "$root" && mvn -B -q -Pjmh -DskipTests package) >&2
fi
out=$(mktemp)
trap 'rm -f "$out"' EXIT

echo "bench-wide: $(nproc) cores, $(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1), $(date -u '+%Y-%m-%d %H:%M UTC')"
for r in $(seq 1 "$runs"); do
  echo "bench-wide: run $r/$runs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  mlp_bench_java -Xmx2g --add-modules jdk.incubator.vector -XX:ActiveProcessorCount=1 -cp "$jar" \
    mlptrainer.bench.WideEpoch --warmup "$warmup" "${configs[@]}" 2> >(grep -v 'incubator' >&2) | tee -a "$out"
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS=1 \
    python3 "$root/scripts/bench-wide.py" --warmup "$warmup" "${configs[@]}" | tee -a "$out"
done
echo "bench-wide: load average $(cut -d' ' -f1-3 /proc/loadavg) at the end"
for c in "${configs[@]}"; do
  b=${c%:*}; h=${c#*:}
  awk -v b="$b" -v h="$h" '
    function stats(a, n,   i, j, t) {
      for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
      med = n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
      return sprintf("%.3f/%.3f/%.3f", a[1], med, a[n])
    }
    $2 == "batch=" b && $3 == "h=" h {
      split($4, kv, "="); split($5, kc, "=")
      if ($1 == "wide-java:") { java[++nj] = kv[2]; jcpu[nj] = kc[2] } else { numpy[++nn] = kv[2]; ncpu[nn] = kc[2] }
    }
    END {
      js = stats(java, nj); jm = med; ns = stats(numpy, nn); nm = med
      jc = stats(jcpu, nj); jcm = med; nc = stats(ncpu, nn); ncm = med
      printf "wide: batch=%s h=%s java_s=%s numpy_s=%s ratio=%.3f java_cpu=%s numpy_cpu=%s cpu_ratio=%.3f\n",
        b, h, js, ns, jm / nm, jc, nc, jcm / ncm
    }' "$out"
done
