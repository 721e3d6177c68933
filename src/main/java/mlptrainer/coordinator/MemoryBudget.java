package mlptrainer.coordinator;

import mlptrainer.SizeLimits;
import mlptrainer.data.WeightedLru;

/**
 * The heap a coordinator gives its jobs, and how much of it running jobs hold. A job reserves its
 * estimated needs before it starts and releases them when it ends, whatever the outcome; a
 * request that does not fit what is left is refused with a message naming the figures. The part
 * of the heap kept back serves the server itself, the data cache and the finished models kept in
 * memory. Thread-safe.
 */
final class MemoryBudget {
    /** What the server itself needs, whatever the jobs: threads, connections, buffers, status. */
    static final long SERVER_BYTES = 8L << 20;
    private final long heapBytes;
    private final long forJobs;
    private long held;
    private int holders;

    /**
     * @param heapBytes      the heap to share out (the JVM's -Xmx, or less in tests)
     * @param keptModelBytes the heap the finished models kept in memory may take
     */
    MemoryBudget(long heapBytes, long keptModelBytes) {
        this.heapBytes = heapBytes;
        long cache = heapBytes / WeightedLru.HEAP_SHARE_DIVISOR;
        this.forJobs = Math.max(0, heapBytes - SERVER_BYTES - cache - keptModelBytes);
    }

    /** @return the heap this budget shares out, in bytes */
    long heapBytes() {
        return heapBytes;
    }

    /** @return the heap jobs may hold together, in bytes */
    long forJobs() {
        return forJobs;
    }

    /** @return the heap running jobs hold now, in bytes */
    synchronized long held() {
        return held;
    }

    /**
     * Reserves {@code bytes} until the returned reservation is released.
     *
     * @param need   what needs it and why, for the message: "job needs about 410 MB (h 4096, ...)"
     * @param advice what the caller could change: "use a smaller h or a larger -Xmx"
     * @throws IllegalArgumentException with a one-line message when it does not fit what is left
     */
    synchronized Reservation reserve(long bytes, String need, String advice) {
        if (bytes > forJobs - held) {
            throw new IllegalArgumentException(refusal(bytes, need, advice));
        }
        held += bytes;
        holders++;
        return new Reservation(bytes);
    }

    /** @throws IllegalArgumentException as {@link #reserve}, without reserving */
    synchronized void check(long bytes, String need, String advice) {
        if (bytes > forJobs - held) {
            throw new IllegalArgumentException(refusal(bytes, need, advice));
        }
    }

    private String refusal(long bytes, String need, String advice) {
        String busy = held == 0 ? "" : ", " + SizeLimits.mb(held) + " held by " + holders + " running job"
                + (holders == 1 ? "" : "s");
        String hint = bytes <= forJobs ? "wait for a running job to end, or " + advice : advice;
        return need + "; this coordinator can give jobs " + SizeLimits.mbDown(forJobs) + " (heap "
                + SizeLimits.mbDown(heapBytes) + busy + "); " + hint;
    }

    private synchronized void release(long bytes) {
        held -= bytes;
        holders--;
    }

    /** Heap held for one job; {@link #release} is idempotent. Thread-safe. */
    final class Reservation {
        private final long bytes;
        private boolean released;

        private Reservation(long bytes) {
            this.bytes = bytes;
        }

        long bytes() {
            return bytes;
        }

        void release() {
            synchronized (MemoryBudget.this) {
                if (!released) {
                    released = true;
                    MemoryBudget.this.release(bytes);
                }
            }
        }
    }
}
