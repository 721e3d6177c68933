package mlptrainer.cli;

/** The exit codes every entry point uses. */
public final class ExitCodes {
    /** Success. */
    public static final int OK = 0;
    /** The work ran and failed: a training job failed, a server stopped with an error. */
    public static final int FAILED = 1;
    /** Bad command-line arguments or bad input files: fix the command and run it again. */
    public static final int USAGE = 2;
    /** A server could not be reached or refused the connection. */
    public static final int UNREACHABLE = 3;
    /** Interrupted (Ctrl-C). */
    public static final int INTERRUPTED = 130;

    private ExitCodes() {
    }
}
