package mlptrainer.cli;

import java.io.PrintWriter;
import mlptrainer.client.ClientFailure;
import mlptrainer.client.CoordinatorSession;
import mlptrainer.client.JobSnapshot;
import picocli.CommandLine.Command;

/** {@code client cancel HOST PORT ID}: cancels a running job and waits until it has ended. */
@Command(name = "cancel", mixinStandardHelpOptions = true, versionProvider = Cli.VersionProvider.class,
        description = "Cancels a running job (its checkpoint stays for --resume) and waits until it has stopped.")
final class ClientCancelCommand extends OneJobCommand {
    @Override
    int run(CoordinatorSession session, PrintWriter out) throws ClientFailure {
        JobSnapshot s = session.jobNow(jobId);
        if (s.phase().ended()) {
            out.println("job " + jobId + " already " + s.phase().label() + "; nothing to cancel");
            out.flush();
            return ExitCodes.OK;
        }
        session.cancel(jobId);
        while (!s.phase().ended()) {
            s = session.awaitJob(jobId);
        }
        out.println("job " + jobId + " " + s.phase().label() + " after round " + s.roundsEnded() + "/" + s.rounds());
        out.flush();
        return ExitCodes.OK;
    }
}
