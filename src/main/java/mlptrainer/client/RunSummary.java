package mlptrainer.client;

import java.io.PrintWriter;
import java.util.Locale;
import mlptrainer.rpc.gen.JobStatus;
import mlptrainer.rpc.gen.NodeStat;
import mlptrainer.rpc.gen.RoundStat;

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
    public static void print(JobStatus s, PrintWriter out) {
        out.println();
        out.println("Summary of job " + s.getJob_id() + " (" + s.getState().name().toLowerCase(Locale.ROOT)
                + ", " + s.getElapsed_ms() + " ms, " + s.getRejections() + " rejections, " + s.getRetries()
                + " retries" + (s.getFailed_nodesSize() > 0 ? ", failed nodes " + s.getFailed_nodes() : "") + ")");
        printRounds(s, out);
        printNodes(s, out);
        out.flush();
    }

    private static void printRounds(JobStatus s, PrintWriter out) {
        out.printf(Locale.ROOT, "%6s  %16s  %19s  %10s%n", "round", "validation error", "mean training error", "time (ms)");
        for (RoundStat r : s.getRounds_done()) {
            boolean best = s.isSetBest_round() && s.getBest_round() == r.getRound();
            out.printf(Locale.ROOT, "%6d  %16.4f  %19.4f  %10d%s%n", r.getRound(), r.getValidation_error(),
                    r.getMean_training_error(), r.getElapsed_ms(), best ? "  (best)" : "");
        }
    }

    private static void printNodes(JobStatus s, PrintWriter out) {
        if (s.getNodesSize() == 0) {
            out.println("no compute node was offered a task of this job");
            return;
        }
        out.printf(Locale.ROOT, "%-22s  %4s  %8s  %8s  %6s  %10s%n", "node", "up", "accepted", "rejected", "failed",
                "busy (ms)");
        for (NodeStat n : s.getNodes()) {
            out.printf(Locale.ROOT, "%-22s  %4s  %8d  %8d  %6d  %10d%s%n", n.getNode(), n.isUp() ? "yes" : "no",
                    n.getTasks_accepted(), n.getTasks_rejected(), n.getTasks_failed(), n.getBusy_ms(),
                    n.isSetLast_error() ? "  last error: " + n.getLast_error() : "");
        }
    }
}
