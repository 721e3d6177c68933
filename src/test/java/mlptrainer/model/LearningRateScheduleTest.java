package mlptrainer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {

    @Test
    void constantIsTheBaseRate() {
        LearningRateSchedule s = LearningRateSchedule.constant();
        assertEquals(0.01, s.rate(0.01, 0, 5));
        assertEquals(0.01, s.rate(0.01, 4, 5));
    }

    @Test
    void stepHalvesEveryTenRounds() {
        LearningRateSchedule s = TrainingSettings.parse(Map.of("schedule", "step", "step_every", "10",
                "step_gamma", "0.5")).schedule();
        assertEquals(0.1, s.rate(0.1, 0, 40), 1e-17);
        assertEquals(0.1, s.rate(0.1, 9, 40), 1e-17);
        assertEquals(0.05, s.rate(0.1, 10, 40), 1e-17);
        assertEquals(0.025, s.rate(0.1, 25, 40), 1e-17);
        assertEquals(0.0125, s.rate(0.1, 39, 40), 1e-17);
    }

    @Test
    void cosineGoesFromBaseToTheMinimum() {
        LearningRateSchedule s = TrainingSettings.parse(Map.of("schedule", "cosine")).schedule();
        assertEquals(1.0, s.rate(1.0, 0, 10), 1e-15);
        assertEquals(0.5, s.rate(1.0, 5, 10), 1e-15); // cos(pi/2) = 0
        // 0.5 (1 + cos(0.9 pi)), python3: 0.024471741852423234
        assertEquals(0.024471741852423234, s.rate(1.0, 9, 10), 1e-15);
        LearningRateSchedule floor = TrainingSettings.parse(Map.of("schedule", "cosine",
                "min_lr_fraction", "0.1")).schedule();
        assertEquals(0.55, floor.rate(1.0, 5, 10), 1e-15); // 0.1 + 0.9 * 0.5
    }

    @Test
    void warmupRampsLinearlyToTheScheduledRate() {
        LearningRateSchedule s = TrainingSettings.parse(Map.of("schedule", "cosine", "warmup_rounds", "2")).schedule();
        // cosine over rounds 2..11 of 12: the rate at the end of the warm-up is the base
        assertEquals(0.5, s.rate(1.0, 0, 12), 1e-15);
        assertEquals(1.0, s.rate(1.0, 1, 12), 1e-15);
        assertEquals(1.0, s.rate(1.0, 2, 12), 1e-15);
        assertEquals(0.5, s.rate(1.0, 7, 12), 1e-15); // t = 5/10
    }

    @Test
    void refusesARoundOutsideTheJob() {
        LearningRateSchedule s = LearningRateSchedule.constant();
        assertThrows(IllegalArgumentException.class, () -> s.rate(0.1, 5, 5));
        assertThrows(IllegalArgumentException.class, () -> s.rate(0.1, -1, 5));
    }
}
