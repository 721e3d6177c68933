package mlptrainer.client;

import java.io.PrintWriter;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * For a terminal: a progress bar per round (tasks done of the round's tasks, with the time left
 * estimated by me.tongfei:progressbar), redrawn in place on one line; a finished round leaves its
 * plain line (see {@link ProgressView#roundLine}). The bar redraws from its own thread.
 */
public final class BarProgress implements ProgressView {
    private static final int WIDTH = 100;
    private final PrintWriter out;
    private ProgressBar bar;
    private int barRound;

    public BarProgress(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void status(JobSnapshot s) {
        if (s.phase() != JobPhase.RUNNING || s.tasksTotal() <= 0) {
            return;
        }
        int round = s.roundsEnded() + 1;
        boolean newRound = bar == null || barRound != round;
        if (round > s.rounds() || (newRound && s.tasksDone() >= s.tasksTotal())) {
            // between rounds the counters still describe the round that just ended: no bar for them
            return;
        }
        if (newRound) {
            endBar();
            bar = newBar(round, s.rounds(), s.tasksTotal());
            barRound = round;
        }
        bar.maxHint(s.tasksTotal());
        bar.stepTo(s.tasksDone());
        bar.setExtraMessage(extra(s));
    }

    private static String extra(JobSnapshot s) {
        String m = s.tasksRunning() + " running";
        if (s.rejections() > 0 || s.retries() > 0) {
            m += ", " + s.rejections() + " rejected, " + s.retries() + " retried";
        }
        return s.failedNodes().isEmpty() ? m : m + ", failed nodes " + s.failedNodes();
    }

    private ProgressBar newBar(int round, int rounds, int tasks) {
        return new ProgressBarBuilder()
                .setTaskName("round " + round + "/" + rounds)
                .setInitialMax(tasks)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(250)
                .setUnit(" tasks", 1)
                .setConsumer(new DelegatingProgressBarConsumer(this::draw, WIDTH))
                .build();
    }

    private void draw(String line) {
        out.print('\r' + line);
        out.flush();
    }

    @Override
    public void roundDone(RoundResult round, int rounds) {
        endBar();
        out.println(ProgressView.roundLine(round, rounds));
        out.flush();
    }

    private void endBar() {
        if (bar != null) {
            bar.close();
            bar = null;
            // clear the bar's line so that the round's plain line replaces it
            out.print('\r' + " ".repeat(WIDTH) + '\r');
            out.flush();
        }
    }

    @Override
    public void close() {
        endBar();
    }
}
