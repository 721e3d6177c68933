package mlptrainer.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import mlptrainer.client.CoordinatorClient;
import mlptrainer.client.JobWatcher;
import mlptrainer.rpc.gen.InvalidRequest;
import mlptrainer.rpc.gen.JobState;
import mlptrainer.rpc.gen.JobStatus;
import mlptrainer.rpc.gen.RoundStat;
import mlptrainer.rpc.gen.Unauthorized;
import org.apache.thrift.TApplicationException;
import org.apache.thrift.TException;
import org.apache.thrift.transport.TTransportException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code client <coordinator_ip> <coordinator_port> <dir_path> <rounds> <epochs> <h> <eta>}: asks a
 * coordinator to train, shows each round as it ends, and prints the final validation error last.
 */
@Command(name = "client", mixinStandardHelpOptions = true, versionProvider = Cli.VersionProvider.class,
        description = "Asks a coordinator to train and prints the final validation error.")
public final class ClientCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "<coordinator_ip>", description = "The coordinator's host name or address.")
    String host;

    @Parameters(index = "1", paramLabel = "<coordinator_port>", description = "The coordinator's port.")
    int port;

    @Parameters(index = "2", paramLabel = "<dir_path>",
            description = "Data directory (train_letters<N>.txt, validate_letters.txt), as the coordinator and nodes see it.")
    String dir;

    @Parameters(index = "3", paramLabel = "<rounds>", description = "Rounds of training (>= 1).")
    int rounds;

    @Parameters(index = "4", paramLabel = "<epochs>", description = "Most local epochs per task (>= 1).")
    int epochs;

    @Parameters(index = "5", paramLabel = "<h>", description = "Hidden units (>= 1).")
    int h;

    @Parameters(index = "6", paramLabel = "<eta>", description = "Learning rate (> 0).")
    double eta;

    @Option(names = "--k", defaultValue = "26", paramLabel = "K",
            description = "Number of classes (default: ${DEFAULT-VALUE}, the letters A..Z).")
    int k;

    @Option(names = "--set", paramLabel = "NAME=VALUE",
            description = "A training setting beyond the course algorithm (repeatable); see README.")
    Map<String, String> settings = new LinkedHashMap<>();

    @Option(names = "--resume",
            description = "Continue this request from the coordinator's checkpoint of it, when there is one.")
    boolean resume;

    @Option(names = "--legacy", description = "Use only the original's blocking train call (no progress).")
    boolean legacy;

    @Mixin
    SecurityMixin security;

    @Mixin(name = "verbosity")
    VerbosityMixin verbosity;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        verbosity.apply();
        checkArguments();
        PrintWriter out = spec.commandLine().getOut();
        try (CoordinatorClient client = connect()) {
            double error = legacy ? client.trainBlocking(dir, rounds, epochs, h, k, eta) : train(client, out);
            out.printf("Final validation error: %.4f%n", error);
            out.flush();
            return ExitCodes.OK;
        } catch (InvalidRequest e) {
            throw new UserException(ExitCodes.USAGE, "the coordinator refused the request: " + e.getMessage(), e);
        } catch (Unauthorized e) {
            throw new UserException(ExitCodes.USAGE, "the coordinator refused our credentials: " + e.getMessage(), e);
        } catch (TApplicationException e) {
            throw new UserException(ExitCodes.FAILED, "training failed: " + e.getMessage(), e);
        } catch (TException e) {
            throw new UserException(ExitCodes.UNREACHABLE, "lost the coordinator at " + host + ":" + port + ": "
                    + e.getMessage(), e);
        }
    }

    private void checkArguments() {
        Args.port(port, "coordinator_port", false);
        Args.atLeast(rounds, 1, "rounds");
        Args.atLeast(epochs, 1, "epochs");
        Args.atLeast(h, 1, "h");
        Args.atLeast(k, 2, "--k");
        Args.positiveFinite(eta, "eta");
    }

    private CoordinatorClient connect() {
        try {
            return CoordinatorClient.connect(host, port, security.clientSecurity(security.tls(false, false)));
        } catch (TTransportException e) {
            throw new UserException(ExitCodes.UNREACHABLE, "cannot reach the coordinator at " + host + ":" + port
                    + " (" + e.getMessage() + "); is it running?", e);
        } catch (TException e) {
            throw new UserException(ExitCodes.UNREACHABLE, "cannot reach the coordinator: " + e.getMessage(), e);
        }
    }

    private double train(CoordinatorClient client, PrintWriter out) throws TException {
        String jobId;
        try {
            jobId = client.startJob(dir, rounds, epochs, h, k, eta, settings, resume);
        } catch (TApplicationException e) {
            if (e.getType() != TApplicationException.UNKNOWN_METHOD || !settings.isEmpty()) {
                throw e;
            }
            // one of the original's coordinators: it only has the blocking call
            return client.trainBlocking(dir, rounds, epochs, h, k, eta);
        }
        out.printf("job %s started: %s%n", jobId, describeRequest());
        out.flush();
        JobStatus last = new JobWatcher(client).follow(jobId, s -> { }, r -> printRound(out, r));
        if (last.getState() != JobState.SUCCEEDED) {
            throw new UserException(ExitCodes.FAILED, "job " + jobId + " " + last.getState().name().toLowerCase()
                    + ": " + last.getError());
        }
        return last.getFinal_error();
    }

    private String describeRequest() {
        return "dir " + dir + ", rounds " + rounds + ", epochs " + epochs + ", h " + h + ", eta " + eta
                + (settings.isEmpty() ? "" : ", " + settings);
    }

    private void printRound(PrintWriter out, RoundStat r) {
        out.printf("round %d/%d: validation error %.4f, mean training error %.4f, %d ms%n", r.getRound(), rounds,
                r.getValidation_error(), r.getMean_training_error(), r.getElapsed_ms());
        out.flush();
    }

    public static void main(String[] args) {
        Cli.main(new ClientCommand(), args);
    }
}
