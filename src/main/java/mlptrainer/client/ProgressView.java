package mlptrainer.client;

import java.util.Locale;

/**
 * Shows a running job to the user. The client calls {@link #status} with every status it reads and
 * {@link #roundDone} once per finished round, in order, then {@link #close} once. Used by one thread.
 */
public interface ProgressView extends AutoCloseable {
    /** A fresh status of the running job (tasks done in the current round, ...). */
    void status(JobSnapshot status);

    /** A round ended; {@code rounds} is how many the job has in all. */
    void roundDone(RoundResult round, int rounds);

    /** Ends any live display (a bar stops redrawing); prints nothing else. */
    @Override
    void close();

    /** The one-line form of a finished round that every view prints. */
    static String roundLine(RoundResult r, int rounds) {
        return String.format(Locale.ROOT, "round %d/%d: validation error %.4f, mean training error %.4f, %d ms",
                r.round(), rounds, r.validationError(), r.meanTrainingError(), r.elapsedMs());
    }
}
