package mlptrainer.client;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * The time a whole job has left, not its current round's: every round still to come takes the
 * mean time of the rounds that ended, and the round running that mean less its time so far (at
 * least nothing); the estimate is refined as rounds end. Before the first round ends, the first
 * round is projected from its share of tasks done. Between two statuses the estimate counts down
 * by the client's clock. Thread-safe (a progress bar reads it from its own thread).
 */
final class JobTimeLeft {
    private final LongSupplier clockMs;
    private long estimateMs = -1;
    private long estimatedAtMs;

    /** @param clockMs the client's clock, in milliseconds (a fake one in tests) */
    JobTimeLeft(LongSupplier clockMs) {
        this.clockMs = clockMs;
    }

    /** Estimates again from a fresh status. */
    synchronized void update(JobSnapshot s) {
        OptionalLong left = millisLeft(s);
        estimateMs = left.orElse(-1);
        estimatedAtMs = clockMs.getAsLong();
    }

    /** @return the time left now, or empty before anything can be estimated */
    synchronized Optional<Duration> now() {
        if (estimateMs < 0) {
            return Optional.empty();
        }
        long passed = clockMs.getAsLong() - estimatedAtMs;
        return Optional.of(Duration.ofMillis(Math.max(0, estimateMs - passed)));
    }

    /**
     * @return the job's time left as of this status, in milliseconds, or empty when neither a round
     *         nor a task of the first round has ended
     */
    static OptionalLong millisLeft(JobSnapshot s) {
        int ended = s.roundsEnded();
        if (ended >= s.rounds()) {
            return OptionalLong.of(0);
        }
        long endedMs = s.roundsDone().stream().mapToLong(RoundResult::elapsedMs).sum();
        long currentMs = Math.max(0, s.elapsedMs() - endedMs);
        double roundMs;
        if (ended > 0) {
            roundMs = (double) endedMs / ended;
        } else if (s.tasksDone() > 0 && s.tasksTotal() > 0) {
            roundMs = (double) currentMs * s.tasksTotal() / s.tasksDone();
        } else {
            return OptionalLong.empty();
        }
        double currentLeft = Math.max(0, roundMs - currentMs);
        return OptionalLong.of(Math.round(currentLeft + (s.rounds() - ended - 1) * roundMs));
    }
}
