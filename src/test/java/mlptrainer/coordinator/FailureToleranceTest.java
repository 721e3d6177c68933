package mlptrainer.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FailureToleranceTest {
    @Test
    void defaultsAreTheDocumentedOnes() {
        assertEquals(new FailureTolerance(10, 3, 2, 3), FailureTolerance.DEFAULTS);
        assertEquals(FailureTolerance.DEFAULTS, SchedulerOptions.DEFAULTS.tolerance());
    }

    @Test
    void everyLimitIsAtLeastOneAndNamedWhenNot() {
        String m = assertThrows(IllegalArgumentException.class, () -> new FailureTolerance(10, 3, 0, 3)).getMessage();
        assertTrue(m.contains("bad results per task") && m.contains("got 0"), m);
        assertThrows(IllegalArgumentException.class, () -> new FailureTolerance(0, 3, 2, 3));
        assertThrows(IllegalArgumentException.class, () -> new FailureTolerance(10, 0, 2, 3));
        assertThrows(IllegalArgumentException.class, () -> new FailureTolerance(10, 3, 2, -1));
    }

    @Test
    void theShortSchedulerFormKeepsTheOtherDefaults() {
        SchedulerOptions s = new SchedulerOptions(1_000, 2_000, 4, 0, 0, 2_000, 2_000);
        assertEquals(FailureTolerance.DEFAULTS.withMaxFailuresPerTask(4), s.tolerance());
    }
}
