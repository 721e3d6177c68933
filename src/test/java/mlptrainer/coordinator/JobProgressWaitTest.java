package mlptrainer.coordinator;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A status call waiting for news ({@link JobProgress#awaitChange}) hears of a task's news, held a
 * moment so that a client does not fetch the status once per task, and of a round's end; it does not
 * wait out its whole allowance for either.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS) // a guard against a hang, not a performance bound
class JobProgressWaitTest {
    /** Far beyond the test's guard: a wait that returns at all did not wait this out. */
    private static final long WAIT_MS = TimeUnit.HOURS.toMillis(1);

    private static CompletableFuture<Long> waiter(JobProgress progress, long seen) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return progress.awaitChange(seen, WAIT_MS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void newsOfATaskAloneEndsTheWait() throws Exception {
        JobProgress progress = new JobProgress();
        long seen = progress.version();
        CompletableFuture<Long> wait = waiter(progress, seen);
        progress.attemptStarted(0, "node a");
        assertTrue(wait.get(60, TimeUnit.SECONDS) > seen);
    }

    @Test
    void newsOfATaskAfterTheWaitStoppedHoldingNewsEndsItAtOnce() throws Exception {
        JobProgress progress = new JobProgress();
        long seen = progress.version();
        CompletableFuture<Long> wait = waiter(progress, seen);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (progress.waitingForAnyNews() == 0) {
            assertTrue(System.nanoTime() < deadline, "the wait never took news of tasks");
            Thread.sleep(5);
        }
        progress.taskDone(0); // must wake it: it waits for up to WAIT_MS otherwise
        assertTrue(wait.get(60, TimeUnit.SECONDS) > seen);
    }

    @Test
    void newsOfATaskThatCameWhileTheWaitHeldItEndsTheWait() throws Exception {
        JobProgress progress = new JobProgress();
        long seen = progress.version();
        progress.attemptStarted(0, "node a"); // before the call: its news is held, then returned
        assertTrue(waiter(progress, seen).get(60, TimeUnit.SECONDS) > seen);
    }

    @Test
    void aRoundsEndEndsTheWait() throws Exception {
        JobProgress progress = new JobProgress();
        long seen = progress.version();
        CompletableFuture<Long> wait = waiter(progress, seen);
        progress.roundFinished(new RoundResult(1, 0.5, 0.5, 10, 1));
        assertTrue(wait.get(60, TimeUnit.SECONDS) > seen);
    }
}
