package mlptrainer.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobSpecTest {
    private static void assertRefused(String expected, Runnable make) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, make::run);
        assertTrue(e.getMessage().contains(expected), "'" + e.getMessage() + "' should contain '" + expected + "'");
    }

    @Test
    void validRequest() {
        JobSpec s = JobSpec.course("letters", 15, 50, 24, 26, 0.0001);
        assertEquals("letters", s.dir());
        assertEquals(Map.of(), s.settings());
        assertEquals(false, s.resume());
    }

    @Test
    void kMayBeLeftToTheDataAndIsThenReplacedWhole() {
        JobSpec open = new JobSpec("d", 2, 3, 4, JobSpec.K_FROM_DATA, 0.5, Map.of("optimizer", "sgd"), true);
        assertEquals(new JobSpec("d", 2, 3, 4, 10, 0.5, Map.of("optimizer", "sgd"), true), open.withK(10));
        assertRefused("k must be in 2..", () -> open.withK(-1));
    }

    @Test
    void eachBadArgumentIsNamedWithItsValue() {
        assertRefused("rounds must be in 1..", () -> JobSpec.course("d", 0, 1, 1, 2, 0.1));
        assertRefused("got 0", () -> JobSpec.course("d", 0, 1, 1, 2, 0.1));
        assertRefused("rounds must be in", () -> JobSpec.course("d", JobSpec.MAX_ROUNDS + 1, 1, 1, 2, 0.1));
        assertRefused("epochs must be in 1..", () -> JobSpec.course("d", 1, 0, 1, 2, 0.1));
        assertRefused("k must be in 2..", () -> JobSpec.course("d", 1, 1, 1, 1, 0.1));
        assertRefused("h must be >= 1, got 0", () -> JobSpec.course("d", 1, 1, 0, 2, 0.1));
        assertRefused("eta must be a finite number > 0, got 0.0", () -> JobSpec.course("d", 1, 1, 1, 2, 0.0));
        assertRefused("eta must be a finite number > 0, got -0.5", () -> JobSpec.course("d", 1, 1, 1, 2, -0.5));
        assertRefused("got NaN", () -> JobSpec.course("d", 1, 1, 1, 2, Double.NaN));
        assertRefused("got Infinity", () -> JobSpec.course("d", 1, 1, 1, 2, Double.POSITIVE_INFINITY));
        assertRefused("dir is empty", () -> JobSpec.course(" ", 1, 1, 1, 2, 0.1));
        assertRefused("dir is empty", () -> JobSpec.course(null, 1, 1, 1, 2, 0.1));
    }

    @Test
    void settingsAreCopied() {
        Map<String, String> settings = new HashMap<>(Map.of("b", "2", "a", "1"));
        JobSpec s = new JobSpec("d", 1, 1, 1, 2, 0.1, settings, false);
        settings.put("c", "3");
        assertEquals(Map.of("a", "1", "b", "2"), s.settings());
        assertEquals(Map.of(), new JobSpec("d", 1, 1, 1, 2, 0.1, null, false).settings());
    }
}
