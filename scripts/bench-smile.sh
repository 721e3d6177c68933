#!/usr/bin/env bash
# Runs the single-machine baseline of docs/benchmarks.md: Smile 3.1.1's MLP classifier on one core
# (taskset -c 0, one BLAS thread) with issue 21's settings unless given: h 384 ReLU, 40 epochs,
# batches of 16, eta 0.05 decaying linearly to 0, momentum 0.9, standardised inputs. Smile is a dependency of
# the jmh profile only; this compiles the one program apart, so the main jar never holds it.
# Times are seconds since the JVM started (the build, when needed, comes before).
#
# usage: scripts/bench-smile.sh DATA_DIR [H [EPOCHS [BATCH [ETA [MOMENTUM [TARGET [SEED]]]]]]]
# Last line: smile: error=<final validation error> seconds=<since the JVM started> passed=<seconds to TARGET
# (default 0.0331), or never>
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
[ $# -ge 1 ] || { sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
cp_file=$MLP_ROOT/target/smile-bench/classpath
classes=$MLP_ROOT/target/smile-bench/classes
if [ ! -f "$cp_file" ]; then
  (cd "$MLP_ROOT" && mvn -B -q -Pjmh dependency:build-classpath -Dmdep.outputFile="$cp_file")
fi
# compiled apart from target/classes, so that no build of the main jar can pick it up
mkdir -p "$classes"
javac -d "$classes" -cp "$(cat "$cp_file")" "$MLP_ROOT/src/jmh/java/mlptrainer/bench/SmileMlp.java"
taskset -cp 0 $$ >/dev/null   # one core, for this shell and the JVM it starts
OPENBLAS_NUM_THREADS=1 mlp_bench_java -cp "$classes:$(cat "$cp_file")" \
  mlptrainer.bench.SmileMlp "$@" 2> >(grep -v '^SLF4J' >&2)
