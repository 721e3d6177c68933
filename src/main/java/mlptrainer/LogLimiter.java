package mlptrainer;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Rate-limits a repeated log line per key (a peer, a node, a kind of refusal), so that a flood of
 * refused calls or a node failing every second writes one line per key and interval, each saying
 * how many it stood for. Keys are bounded: beyond {@code maxKeys} the least recently seen is
 * forgotten, so a flood of distinct keys cannot grow memory. Thread-safe.
 *
 * <pre>{@code
 * long skipped = limiter.admit(peer);
 * if (skipped >= 0) LOG.warn("refused a call from {}: wrong token{}", peer, LogLimiter.suppressed(skipped));
 * }</pre>
 */
public final class LogLimiter {
    private final long intervalNanos;
    private final int maxKeys;
    private final LongSupplier clock;
    private final Map<String, Entry> entries;

    private static final class Entry {
        long lastLoggedNanos;
        long suppressed;
    }

    /**
     * @param intervalMs at most one line per key this often, in milliseconds
     * @param maxKeys    keys remembered at once (least recently seen forgotten first)
     */
    public LogLimiter(long intervalMs, int maxKeys) {
        this(intervalMs, maxKeys, System::nanoTime);
    }

    /** @param clock nanoseconds, monotonic (tests pass their own) */
    public LogLimiter(long intervalMs, int maxKeys, LongSupplier clock) {
        if (intervalMs < 0 || maxKeys < 1) {
            throw new IllegalArgumentException("interval must be >= 0 ms and keys >= 1, got " + intervalMs
                    + " ms and " + maxKeys);
        }
        this.intervalNanos = intervalMs * 1_000_000L;
        this.maxKeys = maxKeys;
        this.clock = clock;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > LogLimiter.this.maxKeys;
            }
        };
    }

    /**
     * Records one occurrence for the key.
     *
     * @return -1 when this occurrence must not be logged; otherwise how many occurrences of the key
     *         were suppressed since its last logged one (0 the first time)
     */
    public synchronized long admit(String key) {
        long now = clock.getAsLong();
        Entry e = entries.get(key);
        if (e == null) {
            e = new Entry();
            e.lastLoggedNanos = now;
            entries.put(key, e);
            return 0;
        }
        if (now - e.lastLoggedNanos < intervalNanos) {
            e.suppressed++;
            return -1;
        }
        long skipped = e.suppressed;
        e.suppressed = 0;
        e.lastLoggedNanos = now;
        return skipped;
    }

    /** @return "" for 0, else " (and N more like it since the last line)": the tail of a limited line */
    public static String suppressed(long skipped) {
        return skipped <= 0 ? "" : " (and " + skipped + " more like it since the last line)";
    }
}
