package mlptrainer.client;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A progress view that stands in front of another: as each round ends it records when the client
 * learnt of it ({@link RunProvenance}) and, when a file is given ({@code --log-rounds}), appends
 * one CSV line for it at once, so that a run can be followed (or survive a crash) while it trains.
 * A new or empty file gets the header {@value #HEADER} first; an existing one is appended to.
 * Numbers are written in full precision with a dot; the time is ISO-8601 UTC, in milliseconds. When the file cannot
 * be written, a warning says so once and the run goes on without it. Used by one thread.
 */
public final class RoundLog implements ProgressView {
    /** The CSV's first line. */
    public static final String HEADER = "round,validation_error,mean_training_error,elapsed_ms,epochs_run,time";
    private static final Logger LOG = LoggerFactory.getLogger(RoundLog.class);
    private final ProgressView view;
    private final RunProvenance provenance;
    private final Path csv;
    private final Clock clock;
    private boolean failed;

    /** @param csv the file to append to, or null for none */
    public RoundLog(ProgressView view, RunProvenance provenance, Path csv) {
        this(view, provenance, csv, Clock.systemUTC());
    }

    RoundLog(ProgressView view, RunProvenance provenance, Path csv, Clock clock) {
        this.view = view;
        this.provenance = provenance;
        this.csv = csv;
        this.clock = clock;
    }

    @Override
    public void status(JobSnapshot status) {
        view.status(status);
    }

    @Override
    public void roundDone(RoundResult round, int rounds) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        provenance.roundReceived(round.round(), now);
        if (csv != null && !failed) {
            append(line(round, now));
        }
        view.roundDone(round, rounds);
    }

    /** @return the CSV line of a round that reached the client at {@code when}, without the line end */
    static String line(RoundResult r, Instant when) {
        return String.format(Locale.ROOT, "%d,%s,%s,%d,%d,%s", r.round(), r.validationError(),
                r.meanTrainingError(), r.elapsedMs(), r.epochsRun(), when);
    }

    private void append(String line) {
        try (Writer out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND)) {
            if (Files.size(csv) == 0) {
                out.write(HEADER + "\n");
            }
            out.write(line + "\n");
        } catch (IOException e) {
            failed = true;
            LOG.warn("--log-rounds: cannot append to {}: {}; rounds are no longer logged there (--metrics still "
                    + "has them at the end)", csv, e.toString());
        }
    }

    @Override
    public void close() {
        view.close();
    }
}
