package mlptrainer.node;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mlptrainer.model.StopSignal;

/**
 * The stop conditions of one running task: a cancel by its key, and its work budget counted from
 * its arrival. The task's thread polls it (as the trainers' {@link StopSignal}) and waits on it
 * instead of sleeping; {@link #cancel} comes from another thread. Thread-safe.
 */
final class TaskControl implements StopSignal {
    /** Budgets above this are taken as this, so that a deadline never overflows. */
    static final long MAX_BUDGET_MS = 30L * 24 * 3600 * 1000;
    private final String cancelKey;
    private final long budgetMs;
    private final long deadlineNanos;
    private final CountDownLatch cancelled = new CountDownLatch(1);

    /**
     * @param cancelKey the key that cancels it, or null (no cancel reaches it)
     * @param budgetMs  the most milliseconds it may take from now, or 0 for no limit
     */
    TaskControl(String cancelKey, long budgetMs, long nowNanos) {
        this.cancelKey = cancelKey;
        this.budgetMs = Math.max(0, Math.min(budgetMs, MAX_BUDGET_MS));
        this.deadlineNanos = nowNanos + TimeUnit.MILLISECONDS.toNanos(this.budgetMs);
    }

    /** @return whether {@code key} names this task (a task without a key matches nothing) */
    boolean matches(String key) {
        return cancelKey != null && cancelKey.equals(key);
    }

    void cancel() {
        cancelled.countDown();
    }

    boolean isCancelled() {
        return cancelled.getCount() == 0;
    }

    /** @return whether its work budget is used up */
    boolean overBudget() {
        return budgetMs > 0 && System.nanoTime() - deadlineNanos > 0;
    }

    @Override
    public boolean stopRequested() {
        return isCancelled() || overBudget();
    }

    /**
     * Waits as a sleep of {@code ms} would, but ends early on a cancel or at the budget's end.
     *
     * @return whether the task must stop
     */
    boolean pause(long ms) throws InterruptedException {
        long waitNanos = TimeUnit.MILLISECONDS.toNanos(ms);
        if (budgetMs > 0) {
            waitNanos = Math.min(waitNanos, Math.max(0, deadlineNanos - System.nanoTime()));
        }
        cancelled.await(waitNanos, TimeUnit.NANOSECONDS);
        return stopRequested();
    }

    /** @return why it must stop, for the log and the caller: "cancelled after 3 epochs", "work budget ..." */
    String stopReason(int epochsRun) {
        if (isCancelled()) {
            return "cancelled after " + epochsRun + " epochs";
        }
        return "stopped: work budget of " + budgetMs + " ms used after " + epochsRun + " epochs";
    }
}
