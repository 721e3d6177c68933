package mlptrainer.client;

import java.util.Locale;

/** Where a job is: still running, or how it ended. The names are those the metrics file and summary show. */
public enum JobPhase {
    RUNNING, SUCCEEDED, FAILED, CANCELLED;

    /** @return true once the job has ended, whichever way */
    public boolean ended() {
        return this != RUNNING;
    }

    /** @return the name in lower case, as the summary and error messages print it */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
