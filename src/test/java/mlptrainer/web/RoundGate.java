package mlptrainer.web;

import mlptrainer.coordinator.CoordinatorView;
import mlptrainer.coordinator.JobProgress;
import mlptrainer.coordinator.JobRun;
import mlptrainer.coordinator.RunState;

/**
 * Holds the running job at the start of each round beyond the number allowed, through the
 * coordinator's round-loop hook: with {@code allow(n)}, rounds 1..n run and round n+1 waits before
 * any of its tasks is sent, while round n is still validated and published. So a test sees the
 * job with exactly n rounds done, for as long as it likes, and then n+1 after {@code allow(n+1)}.
 * A round is entered when the loop looks before any task of it started or ended (no task running,
 * none done, and attempts ended since the last entry); the jobs it holds must not fail tasks.
 * Thread-safe: the job's thread waits, the test's thread allows.
 */
final class RoundGate implements Runnable {
    private final CoordinatorView view;
    private int allowed;
    private int entered;
    private int attemptsAtEntry = -1;

    RoundGate(CoordinatorView view, int allowed) {
        this.view = view;
        this.allowed = allowed;
    }

    @Override
    public synchronized void run() {
        JobProgress p = runningJob().progress();
        int attempts = p.attempts().size();
        if (p.running().isEmpty() && p.tasksDone() == 0 && attempts != attemptsAtEntry) {
            entered++;
            attemptsAtEntry = attempts;
        }
        while (entered > allowed) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private JobRun runningJob() {
        return view.jobs().stream().filter(j -> j.state() == RunState.RUNNING).reduce((a, b) -> b)
                .orElseThrow(() -> new IllegalStateException("no running job"));
    }

    /** Lets the job run up to round {@code rounds} and hold before the next. */
    synchronized void allow(int rounds) {
        allowed = rounds;
        notifyAll();
    }

    /** Lets every job run to its end. */
    void openForGood() {
        allow(Integer.MAX_VALUE);
    }
}
