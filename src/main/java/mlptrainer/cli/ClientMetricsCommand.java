package mlptrainer.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import mlptrainer.client.ClientFailure;
import mlptrainer.client.CoordinatorSession;
import mlptrainer.client.JobResults;
import mlptrainer.client.JobSnapshot;
import mlptrainer.client.MetricsFile;
import mlptrainer.client.RunProvenance;
import picocli.CommandLine.Command;

/** {@code client metrics HOST PORT ID FILE}: a job's metrics JSON, as --metrics writes it (so far, when it runs). */
@Command(name = "metrics", mixinStandardHelpOptions = true, versionProvider = Cli.VersionProvider.class,
        description = "Writes a job's metrics JSON (the format of --metrics) to FILE; of the rounds so far when it "
                + "still runs.")
final class ClientMetricsCommand extends OneJobCommand.ToFile {
    @Override
    int run(CoordinatorSession session, PrintWriter out) throws ClientFailure {
        JobSnapshot s = session.jobNow(jobId);
        try {
            // the client did not see the job start: its start is the job's elapsed time before now
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            MetricsFile.write(s, new RunProvenance(host + ":" + port, null, now.minusMillis(s.elapsedMs())), file);
        } catch (IOException e) {
            throw new ClientFailure(ClientFailure.Kind.FAILED, "cannot write the metrics: " + e
                    + " (check the path and free space)", e);
        }
        JobResults.wrote(out, "job " + jobId + "'s metrics (" + s.phase().label() + ", round " + s.roundsEnded() + "/"
                + s.rounds() + ")", file);
        return ExitCodes.OK;
    }
}
