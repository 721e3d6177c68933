package mlptrainer.cli;

import java.io.IOException;
import java.io.PrintWriter;
import mlptrainer.client.ClientFailure;
import mlptrainer.client.CoordinatorSession;
import mlptrainer.client.JobPhase;
import mlptrainer.client.JobResults;
import mlptrainer.client.JobSnapshot;
import mlptrainer.client.TrainingRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code client model HOST PORT ID FILE}: a finished job's model, in the file format of --save-model. */
@Command(name = "model", mixinStandardHelpOptions = true, versionProvider = Cli.VersionProvider.class,
        description = "Writes the trained model of a job that succeeded to FILE (the format of --save-model).")
final class ClientModelCommand extends OneJobCommand.ToFile {
    @Option(names = "--best", description = "The model of the round with the lowest validation error, not the last.")
    boolean best;

    @Override
    int run(CoordinatorSession session, PrintWriter out) throws ClientFailure {
        JobSnapshot s = session.jobNow(jobId);
        if (s.phase() != JobPhase.SUCCEEDED) {
            throw new ClientFailure(ClientFailure.Kind.FAILED, "job " + jobId + " " + (s.phase().ended()
                    ? s.phase().label() + ": it has no trained model (" + s.error() + ")"
                    : "is still running (round " + s.roundsEnded() + "/" + s.rounds() + "); its model is ready when"
                            + " it ends: " + InterruptNotice.attachCommand(host, port, jobId) + " --save-model FILE"));
        }
        TrainingRequest request = s.request().orElseThrow(() -> new ClientFailure(ClientFailure.Kind.FAILED,
                "the coordinator did not say what job " + jobId + " trained; it may be an older version"));
        try {
            JobResults.writeModel(session.models(jobId), s, request, best, file);
        } catch (IOException e) {
            throw new ClientFailure(ClientFailure.Kind.FAILED, "cannot write the model: " + e
                    + " (check the path and free space)", e);
        }
        JobResults.wrote(out, best ? "job " + jobId + "'s best round's model" : "job " + jobId + "'s model", file);
        return ExitCodes.OK;
    }
}
