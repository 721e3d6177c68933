package mlptrainer.cli;

import java.io.PrintWriter;
import mlptrainer.client.ClientFailure;
import mlptrainer.client.CoordinatorSession;
import mlptrainer.rpc.Security;

/**
 * What Ctrl-C does while the client follows a job: by default the job goes on at the coordinator
 * and the client prints its id and the command that follows it again; with cancelling set, the
 * client cancels the job first. A JVM shutdown hook registered while a job is followed, removed
 * after. The hook thread and the following thread share it: the job id is volatile.
 */
final class InterruptNotice {
    private final String host;
    private final int port;
    private final Security security;
    private final boolean secured;
    private final boolean cancel;
    private final PrintWriter err;
    private volatile String jobId;
    private Thread hook;

    /** @param secured whether the command needed --tls or a token, which the attach command then needs too */
    InterruptNotice(String host, int port, Security security, boolean secured, boolean cancel, PrintWriter err) {
        this.host = host;
        this.port = port;
        this.security = security;
        this.secured = secured;
        this.cancel = cancel;
        this.err = err;
    }

    /** From now until {@link #done}, Ctrl-C acts on this job. */
    void following(String id) {
        jobId = id;
        hook = new Thread(this::interrupted, "client-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** The job was followed to its end (or the client gave up): Ctrl-C no longer concerns it. */
    void done() {
        if (hook == null) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook runs or has run: its message is right, the job was interrupted while followed
        }
        hook = null;
    }

    /** Runs on the shutdown hook's thread. */
    void interrupted() {
        err.println();
        err.println("client: interrupted: " + (cancel ? cancelled() : goesOn()));
        err.flush();
    }

    private String goesOn() {
        return "job " + jobId + " goes on at " + host + ":" + port + "; follow it again with: "
                + attachCommand(host, port, jobId) + (secured ? " (with the same --tls and token options)" : "");
    }

    private String cancelled() {
        try (CoordinatorSession session = CoordinatorSession.open(host, port, security)) {
            session.cancel(jobId);
            return "job " + jobId + " cancelled (--cancel-on-interrupt)";
        } catch (ClientFailure f) {
            return "could not cancel job " + jobId + " (" + f.getMessage() + "); it may go on: "
                    + "scripts/client cancel " + host + " " + port + " " + jobId;
        }
    }

    /** @return the command that follows a job again */
    static String attachCommand(String host, int port, String jobId) {
        return "scripts/client attach " + host + " " + port + " " + jobId;
    }
}
