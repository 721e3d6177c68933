package mlptrainer.client;

import java.util.Objects;

/**
 * Why the client could not do what it was asked, as one line for the user, and what kind of
 * failure it is so that an entry point can choose its exit code. The cause, when there is one, is
 * the exception behind it (for a stack trace on request).
 */
public final class ClientFailure extends Exception {
    /** What kind of failure. */
    public enum Kind {
        /** The coordinator refused the request or the credentials: the command must change. */
        REFUSED,
        /** The coordinator could not be reached, refused the connection, or was lost. */
        UNREACHABLE,
        /** The work ran and failed: the job, or writing its results. */
        FAILED
    }

    private final Kind kind;

    public ClientFailure(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public ClientFailure(Kind kind, String message) {
        this(kind, message, null);
    }

    public Kind kind() {
        return kind;
    }
}
