package mlptrainer;

import java.lang.management.ManagementFactory;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a server's start-up warm-up (node.NodeWarmup, coordinator.CoordinatorWarmup) on a
 * low-priority daemon thread, once per JVM, and says when it is over: one INFO line
 * {@code warm-up: done in N ms (...)}, which scripts wait for before timing a job. A warm-up that
 * fails is logged at DEBUG and still ends with that line: it never affects the server.
 */
public final class Warmup {
    private static final Logger LOG = LoggerFactory.getLogger(Warmup.class);
    /** How often {@link #awaitQuiet} looks at the process's CPU time. */
    private static final long QUIET_WINDOW_MS = 100;
    /** The process is quiet when it used less than this share of one core in a window. */
    private static final double QUIET_SHARE = 0.15;

    private Warmup() {
    }

    /**
     * Starts {@code work} on a new low-priority daemon thread unless {@code started} is already set;
     * returns at once.
     *
     * @param started    the caller's once-per-JVM flag, set here
     * @param threadName the thread's name
     * @param work       the warm-up; returns a short description of what it did, for the log
     * @return whether it was started (false: it had been already)
     */
    public static boolean startOnce(AtomicBoolean started, String threadName, Callable<String> work) {
        if (!started.compareAndSet(false, true)) {
            return false;
        }
        Thread t = new Thread(() -> runLogged(work), threadName);
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
        return true;
    }

    /**
     * Waits until the process is quiet: the JIT compiles what the warm-up made hot after the
     * warm-up's own work, for up to a few seconds of CPU, and a job started meanwhile would compete
     * with that. Ends when the process used less than 15% of a core in 100 ms, when {@code stop}
     * says so, or after {@code maxMs}.
     *
     * @return the milliseconds waited
     */
    public static long awaitQuiet(BooleanSupplier stop, long maxMs) throws InterruptedException {
        long start = System.nanoTime();
        long cpu = processCpuNanos();
        while (!stop.getAsBoolean() && millisSince(start) < maxMs) {
            TimeUnit.MILLISECONDS.sleep(QUIET_WINDOW_MS);
            long now = processCpuNanos();
            if (now < 0 || now - cpu < QUIET_SHARE * QUIET_WINDOW_MS * 1_000_000) {
                break;
            }
            cpu = now;
        }
        return millisSince(start);
    }

    /** @return the CPU time of the whole process (every thread, the JIT's included), or -1 when unknown */
    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /** Runs {@code work} on the calling thread and logs the "warm-up: done" line, whatever happens. */
    static void runLogged(Callable<String> work) {
        long start = System.nanoTime();
        String outcome;
        try {
            outcome = work.call();
        } catch (Throwable e) { // a warm-up must never take the server down, whatever it meets
            LOG.debug("warm-up: stopped early", e);
            outcome = "stopped early: " + e;
        }
        LOG.info("warm-up: done in {} ms ({})", millisSince(start), outcome);
    }
}
