package mlptrainer.client;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * The table the client prints at the end of a job: per round the validation error, the mean
 * training error and the time; per node offered the job's tasks, how many of them it accepted,
 * rejected and failed and its busy time on them. Node figures are this job's only, as the
 * coordinator reports them; up and last error are the node's state at the time.
 */
public final class RunSummary {
    private RunSummary() {
    }

    /** Prints the summary of a finished job's status. */
    public static void print(JobSnapshot s, PrintWriter out) {
        out.println();
        out.println("Summary of job " + s.jobId() + " (" + s.phase().label() + ", " + s.elapsedMs() + " ms, "
                + s.rejections() + " rejections, " + s.retries() + " retries"
                + (s.failedNodes().isEmpty() ? "" : ", failed nodes " + s.failedNodes()) + ")");
        printRounds(s, out);
        printNodes(s, out);
        out.flush();
    }

    private static void printRounds(JobSnapshot s, PrintWriter out) {
        out.printf(Locale.ROOT, "%6s  %16s  %19s  %10s%n", "round", "validation error", "mean training error", "time (ms)");
        for (RoundResult r : s.roundsDone()) {
            boolean best = s.best().map(b -> b.round() == r.round()).orElse(false);
            out.printf(Locale.ROOT, "%6d  %16.4f  %19.4f  %10d%s%n", r.round(), r.validationError(),
                    r.meanTrainingError(), r.elapsedMs(), best ? "  (best)" : "");
        }
    }

    private static void printNodes(JobSnapshot s, PrintWriter out) {
        if (s.nodes().isEmpty()) {
            out.println("no compute node was offered a task of this job");
            return;
        }
        out.printf(Locale.ROOT, "%-22s  %4s  %8s  %8s  %6s  %10s%n", "node", "up", "accepted", "rejected", "failed",
                "busy (ms)");
        for (NodeCounts n : s.nodes()) {
            out.printf(Locale.ROOT, "%-22s  %4s  %8d  %8d  %6d  %10d%s%n", n.node(), n.up() ? "yes" : "no",
                    n.tasksAccepted(), n.tasksRejected(), n.tasksFailed(), n.busyMs(),
                    n.lastError().map(e -> "  last error: " + e).orElse(""));
        }
    }
}
