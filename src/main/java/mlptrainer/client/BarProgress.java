package mlptrainer.client;

import java.io.PrintWriter;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * For a terminal: a progress bar per round (tasks done of the round's tasks, and the whole job's
 * time left, see {@link JobTimeLeft}), redrawn in place on one line no wider than the terminal;
 * a finished round leaves its plain line (see {@link ProgressView#roundLine}). The bar redraws
 * from its own thread.
 */
public final class BarProgress implements ProgressView {
    /** The width when neither COLUMNS nor the terminal says. */
    static final int DEFAULT_COLUMNS = 80;
    /** Narrower than this, a terminal's reported width is taken as wrong. */
    private static final int MIN_COLUMNS = 20;
    private final PrintWriter out;
    /** The most characters a drawn line has: one less than the terminal's width, so the cursor never wraps. */
    private final int width;
    private final JobTimeLeft timeLeft;
    private ProgressBar bar;
    private int barRound;

    /** A bar as wide as the terminal ({@link #columns}), timed by the system clock. */
    public BarProgress(PrintWriter out) {
        this(out, columns(System.getenv(), BarProgress::detectedColumns), System::currentTimeMillis);
    }

    /**
     * @param columns the terminal's width in characters
     * @param clockMs the clock the time left counts down by, in milliseconds
     */
    BarProgress(PrintWriter out, int columns, LongSupplier clockMs) {
        this.out = out;
        this.width = Math.max(MIN_COLUMNS, columns) - 1;
        this.timeLeft = new JobTimeLeft(clockMs);
    }

    /**
     * @param env      the environment: COLUMNS, when a number of at least {@value #MIN_COLUMNS}, wins
     * @param detected the terminal's width as detected, or an error when there is no terminal
     * @return the terminal's width in characters, {@value #DEFAULT_COLUMNS} when nothing says
     */
    static int columns(Map<String, String> env, IntSupplier detected) {
        String fromEnv = env.getOrDefault("COLUMNS", "").strip();
        if (fromEnv.matches("\\d{1,5}") && Integer.parseInt(fromEnv) >= MIN_COLUMNS) {
            return Integer.parseInt(fromEnv);
        }
        try {
            int w = detected.getAsInt();
            return w >= MIN_COLUMNS ? w : DEFAULT_COLUMNS;
        } catch (RuntimeException e) {
            return DEFAULT_COLUMNS;
        }
    }

    /** The terminal's width as the progress bar library detects it (through JLine; 80 when it cannot tell). */
    private static int detectedColumns() {
        return new ConsoleProgressBarConsumer(System.err).getMaxRenderedLength();
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
        timeLeft.update(s);
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
                .setEtaFunction(state -> timeLeft.now())
                .setConsumer(new DelegatingProgressBarConsumer(this::draw, width))
                .build();
    }

    private void draw(String line) {
        // the bar fits the width; a long task name or message must not make the line wrap
        out.print('\r' + (line.length() > width ? line.substring(0, width) : line));
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
            out.print('\r' + " ".repeat(width) + '\r');
            out.flush();
        }
    }

    @Override
    public void close() {
        endBar();
    }
}
