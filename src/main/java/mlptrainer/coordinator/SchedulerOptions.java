package mlptrainer.coordinator;

import java.util.Objects;

/**
 * Bounds on how the round loop waits and retries. All times in milliseconds.
 *
 * @param taskTimeoutMs      an attempt with no reply after this long is abandoned and its task re-run
 * @param noNodeTimeoutMs    a job fails when a task has waited this long in all for a node to take it
 * @param tolerance          how many failures of a task or a node fail the job
 * @param speculateAfter     a backup attempt starts once a task has run this many times the median of the
 *                           round's finished tasks (0 disables speculation)
 * @param speculateMinMs     and at least this long
 * @param connectTimeoutMs   how long to wait for a connection to a node
 * @param maxBackoffMs       the longest a failed node is left out before it is tried again
 */
public record SchedulerOptions(int taskTimeoutMs, long noNodeTimeoutMs, FailureTolerance tolerance,
        double speculateAfter, long speculateMinMs, int connectTimeoutMs, long maxBackoffMs) {
    public static final SchedulerOptions DEFAULTS =
            new SchedulerOptions(600_000, 60_000, FailureTolerance.DEFAULTS, 3.0, 2_000, 2_000, 2_000);

    public SchedulerOptions {
        if (taskTimeoutMs < 1 || noNodeTimeoutMs < 1 || connectTimeoutMs < 1) {
            throw new IllegalArgumentException("timeouts must be >= 1 ms");
        }
        Objects.requireNonNull(tolerance, "tolerance");
    }

    /** With the default tolerance but for the failures per task (tests' short form). */
    public SchedulerOptions(int taskTimeoutMs, long noNodeTimeoutMs, int maxFailuresPerTask, double speculateAfter,
            long speculateMinMs, int connectTimeoutMs, long maxBackoffMs) {
        this(taskTimeoutMs, noNodeTimeoutMs, FailureTolerance.DEFAULTS.withMaxFailuresPerTask(maxFailuresPerTask),
                speculateAfter, speculateMinMs, connectTimeoutMs, maxBackoffMs);
    }

    public SchedulerOptions withTaskTimeoutMs(int ms) {
        return new SchedulerOptions(ms, noNodeTimeoutMs, tolerance, speculateAfter, speculateMinMs,
                connectTimeoutMs, maxBackoffMs);
    }

    public SchedulerOptions withNoNodeTimeoutMs(long ms) {
        return new SchedulerOptions(taskTimeoutMs, ms, tolerance, speculateAfter, speculateMinMs,
                connectTimeoutMs, maxBackoffMs);
    }

    public SchedulerOptions withSpeculation(double after, long minMs) {
        return new SchedulerOptions(taskTimeoutMs, noNodeTimeoutMs, tolerance, after, minMs,
                connectTimeoutMs, maxBackoffMs);
    }

    public SchedulerOptions withTolerance(FailureTolerance t) {
        return new SchedulerOptions(taskTimeoutMs, noNodeTimeoutMs, t, speculateAfter, speculateMinMs, connectTimeoutMs,
                maxBackoffMs);
    }
}
