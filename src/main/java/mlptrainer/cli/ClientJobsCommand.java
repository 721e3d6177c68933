package mlptrainer.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import mlptrainer.Untrusted;
import mlptrainer.client.ClientFailure;
import mlptrainer.client.CoordinatorSession;
import mlptrainer.client.JobSnapshot;
import mlptrainer.client.RoundResult;
import picocli.CommandLine.Command;

/** {@code client jobs HOST PORT}: a table of every job the coordinator keeps. */
@Command(name = "jobs", mixinStandardHelpOptions = true, versionProvider = Cli.VersionProvider.class,
        description = "Lists the coordinator's jobs: id, state, directory, rounds done, best and last validation "
                + "error, elapsed time.")
final class ClientJobsCommand extends JobCommand {
    private static final String ROW = "%4s  %-9s  %-20s  %11s  %-18s  %10s  %8s%n";

    @Override
    int run(CoordinatorSession session, PrintWriter out) throws ClientFailure {
        List<JobSnapshot> jobs = session.jobs();
        if (jobs.isEmpty()) {
            out.println("no jobs on " + session.address());
            out.flush();
            return ExitCodes.OK;
        }
        out.printf(Locale.ROOT, ROW, "id", "state", "dir", "rounds", "best error", "last error", "elapsed");
        for (JobSnapshot j : jobs) {
            out.printf(Locale.ROOT, ROW, j.jobId(), j.phase().label(),
                    j.request().map(r -> Untrusted.shown(r.dir())).orElse("?"), j.roundsEnded() + "/" + j.rounds(),
                    j.best().map(b -> String.format(Locale.ROOT, "%.4f (round %d)", b.validationError(), b.round()))
                            .orElse("-"), lastError(j), elapsed(j.elapsedMs()));
            if (j.error() != null && !j.error().equals(j.phase().label())) { // why it failed, or who stopped it
                out.println("      " + Untrusted.shown(j.error()));
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static String lastError(JobSnapshot j) {
        List<RoundResult> rounds = j.roundsDone();
        return rounds.isEmpty() ? "-"
                : String.format(Locale.ROOT, "%.4f", rounds.get(rounds.size() - 1).validationError());
    }

    /** @return "0:07", "12:34", "1:02:03" */
    static String elapsed(long ms) {
        long s = ms / 1000;
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
