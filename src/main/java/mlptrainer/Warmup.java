package mlptrainer;

import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
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
        LOG.info("warm-up: done in {} ms ({})", (System.nanoTime() - start) / 1_000_000, outcome);
    }
}
