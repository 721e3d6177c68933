package mlptrainer.coordinator;

/**
 * How many failures the round loop tolerates before it fails a job: one record of named limits
 * with documented defaults ({@link #DEFAULTS}), set from the coordinator's command line. Immutable.
 *
 * @param maxFailuresPerTask    a job fails when one task has failed this many times on nodes it reached
 *                              (an error, a lost connection, a timeout, bad deltas); a node that cannot be
 *                              reached at all is backed off instead, and a task that finds no node is
 *                              bounded by {@link SchedulerOptions#noNodeTimeoutMs()}
 * @param maxNodeErrorsPerTask  ... when this many different nodes refused one task with an error (a bad
 *                              file, a setting it lacks), or every member did when there are fewer
 * @param maxBadResultsPerTask  ... when one task got unusable deltas (not finite, misshapen, implausible)
 *                              this many times
 * @param maxImplausiblePerNode ... when one node's results were refused as implausible this many times
 *                              in the job: that node keeps sending them
 */
public record FailureTolerance(int maxFailuresPerTask, int maxNodeErrorsPerTask, int maxBadResultsPerTask,
        int maxImplausiblePerNode) {
    public static final int DEFAULT_FAILURES_PER_TASK = 10;
    public static final int DEFAULT_NODE_ERRORS_PER_TASK = 3;
    public static final int DEFAULT_BAD_RESULTS_PER_TASK = 2;
    public static final int DEFAULT_IMPLAUSIBLE_PER_NODE = 3;
    public static final FailureTolerance DEFAULTS = new FailureTolerance(DEFAULT_FAILURES_PER_TASK,
            DEFAULT_NODE_ERRORS_PER_TASK, DEFAULT_BAD_RESULTS_PER_TASK, DEFAULT_IMPLAUSIBLE_PER_NODE);

    /** @throws IllegalArgumentException naming the first limit below 1 */
    public FailureTolerance {
        atLeastOne(maxFailuresPerTask, "failures per task");
        atLeastOne(maxNodeErrorsPerTask, "node errors per task");
        atLeastOne(maxBadResultsPerTask, "bad results per task");
        atLeastOne(maxImplausiblePerNode, "implausible results per node");
    }

    private static void atLeastOne(int value, String what) {
        if (value < 1) {
            throw new IllegalArgumentException(what + " must be >= 1, got " + value);
        }
    }

    public FailureTolerance withMaxFailuresPerTask(int n) {
        return new FailureTolerance(n, maxNodeErrorsPerTask, maxBadResultsPerTask, maxImplausiblePerNode);
    }
}
