package mlptrainer.cli;

/**
 * A failure the user caused or can fix (a bad argument, a missing file, an unreachable server).
 * The CLI prints its message as one line, without a stack trace, and exits with {@link #exitCode()}.
 */
public class UserException extends RuntimeException {
    private final int exitCode;

    public UserException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public UserException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
