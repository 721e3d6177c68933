package mlptrainer.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import mlptrainer.client.ClientFailure;
import mlptrainer.client.CoordinatorSession;
import mlptrainer.client.RunProvenance;
import mlptrainer.client.TrainingRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code client attach HOST PORT ID}: follows a job from where it is to its end, then prints the
 * summary, writes the wanted results and the final error, as the client that started it would.
 */
@Command(name = "attach", mixinStandardHelpOptions = true, versionProvider = Cli.VersionProvider.class,
        description = "Follows a job from where it is to its end: progress, summary, results, final error.")
final class ClientAttachCommand extends OneJobCommand {
    @Mixin
    JobOutputOptions output;

    @Override
    void checkArguments() {
        output.check();
    }

    @Override
    int run(CoordinatorSession session, PrintWriter out) throws ClientFailure {
        InterruptNotice interrupt = ClientCommand.interruptNotice(host, port, credentials(), security, output, spec);
        try {
            RunProvenance provenance = new RunProvenance(host + ":" + port, null,
                    Instant.now().truncatedTo(ChronoUnit.MILLIS));
            double error = new TrainingRun(session, out, () -> output.progressView(out, provenance), provenance)
                    .traceTo(output.trace).onFollow(interrupt::following).attach(jobId, output.outputs());
            out.printf("Final validation error: %.4f%n", error);
            out.flush();
            return ExitCodes.OK;
        } finally {
            interrupt.done();
        }
    }
}
