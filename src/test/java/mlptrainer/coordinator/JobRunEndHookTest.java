package mlptrainer.coordinator;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** A job's end hook that fails, even with an Error, cannot keep the job from ending. */
class JobRunEndHookTest {
    private static JobSpec spec() {
        return new JobSpec("letters", 1, 1, 2, 26, 0.1, Map.of(), false);
    }

    @Test
    void anErrorInTheEndHookStillEndsAFailedJob() throws Exception {
        JobRun run = new JobRun("1", spec(), r -> {
            throw new InternalError("simulated: an Error while the job ends");
        });
        assertDoesNotThrow(() -> run.failed("a task failed", false));
        assertEquals(RunState.FAILED, run.state());
        run.await(); // returns at once: the end is visible to waiters
    }

    @Test
    void anErrorInTheEndHookKeepsASucceededJobSucceeded() {
        JobRun run = new JobRun("2", spec(), r -> {
            throw new InternalError("simulated: an Error while the job ends");
        });
        assertDoesNotThrow(() -> run.succeeded(0.25));
        assertEquals(RunState.SUCCEEDED, run.state());
    }
}
