package mlptrainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LogLimiterTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final LogLimiter limiter = new LogLimiter(1000, 2, now::get);

    @Test
    void logsTheFirstOccurrenceThenCountsUntilTheIntervalEnds() {
        assertEquals(0, limiter.admit("a"));
        assertEquals(-1, limiter.admit("a"));
        assertEquals(-1, limiter.admit("a"));
        now.addAndGet(999_000_000L);
        assertEquals(-1, limiter.admit("a"));
        now.addAndGet(1_000_000L);
        assertEquals(3, limiter.admit("a"), "the three suppressed since the last line");
        assertEquals(-1, limiter.admit("a"));
    }

    @Test
    void keysAreLimitedSeparatelyAndTheOldestIsForgotten() {
        assertEquals(0, limiter.admit("a"));
        assertEquals(0, limiter.admit("b"));
        assertEquals(-1, limiter.admit("a"));
        assertEquals(0, limiter.admit("c"), "b, least recently seen, is forgotten");
        assertEquals(0, limiter.admit("b"), "a forgotten key logs again at once");
    }

    @Test
    void suffixNamesTheCount() {
        assertEquals("", LogLimiter.suppressed(0));
        assertEquals(" (and 7 more like it since the last line)", LogLimiter.suppressed(7));
    }

    @Test
    void refusesNonsenseSettings() {
        assertThrows(IllegalArgumentException.class, () -> new LogLimiter(-1, 1));
        assertThrows(IllegalArgumentException.class, () -> new LogLimiter(1, 0));
    }
}
