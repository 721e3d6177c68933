# Shared by the launchers: finds the repository, builds the jar when it is missing, runs a class.
# JAVA_OPTS passes options to the JVM (for example JAVA_OPTS=-Xmx64m); MLP_CLASSPATH, when set, is used
# instead of the jar (tests run the scripts on Maven's class path without packaging).
MLP_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
MLP_JAR="${MLP_CLASSPATH:-$MLP_ROOT/target/mlp-trainer.jar}"
JAVA_OPTS=${JAVA_OPTS:-}

mlp_ensure_jar() {
  if [ -z "${MLP_CLASSPATH:-}" ] && [ ! -f "$MLP_JAR" ]; then
    echo "building $MLP_JAR (first run) ..." >&2
    (cd "$MLP_ROOT" && mvn -q -B -DskipTests package) >&2 || { echo "build failed: run 'mvn -DskipTests package' in $MLP_ROOT to see why" >&2; exit 1; }
  fi
}

mlp_run() {
  local class=$1; shift
  mlp_ensure_jar
  # shellcheck disable=SC2086
  exec java $JAVA_OPTS -cp "$MLP_JAR" "mlptrainer.cli.$class" "$@"
}
