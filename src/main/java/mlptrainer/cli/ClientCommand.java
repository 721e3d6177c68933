package mlptrainer.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import mlptrainer.client.CoordinatorClient;
import mlptrainer.model.Presets;
import mlptrainer.client.JobWatcher;
import mlptrainer.client.ModelFile;
import mlptrainer.client.ProgressView;
import mlptrainer.client.RunSummary;
import mlptrainer.client.SavedModel;
import mlptrainer.client.LearningCurve;
import mlptrainer.client.MetricsFile;
import mlptrainer.client.BarProgress;
import mlptrainer.client.PlainProgress;
import java.util.List;
import mlptrainer.rpc.WrongProtocol;
import mlptrainer.rpc.gen.InvalidRequest;
import mlptrainer.rpc.gen.JobState;
import mlptrainer.rpc.gen.JobStatus;
import mlptrainer.rpc.gen.JobFailed;
import mlptrainer.rpc.gen.JobModel;
import mlptrainer.rpc.gen.Unauthorized;
import mlptrainer.rpc.gen.UnknownJob;
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
 * coordinator to train, shows progress (a bar per round on a terminal, else a line per round), prints a
 * summary, writes the requested plot, metrics and models, and prints the final validation error last.
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

    @Option(names = "--preset", paramLabel = "NAME",
            description = "A named bundle of training settings (--set overrides its values): 'accurate' is the "
                    + "recipe in README (use it with rounds 100, epochs 1, h 384, eta 0.3).")
    String preset;

    @Option(names = "--resume",
            description = "Continue this request from the coordinator's checkpoint of it, when there is one.")
    boolean resume;

    @Mixin
    SecurityMixin security;

    @Option(names = "--legacy", description = "Use only the original's blocking train call (no progress, no outputs).")
    boolean legacy;

    @Option(names = "--progress", defaultValue = "auto", paramLabel = "MODE",
            description = "How to show progress: auto (a bar on a terminal, else plain), bar (a bar per round with the"
                    + " time left), plain (one line per round). Default: ${DEFAULT-VALUE}.")
    ProgressMode progress;

    @Option(names = "--plot", paramLabel = "FILE.png",
            description = "Write the learning curve (validation and mean training error per round) as a PNG image.")
    Path plot;

    @Option(names = "--metrics", paramLabel = "FILE.json",
            description = "Write every per-round and per-node figure, the request and the final error as JSON.")
    Path metrics;

    @Option(names = "--save-model", paramLabel = "FILE",
            description = "Write the trained (last round's) model to FILE (see docs/model-format.md).")
    Path saveModel;

    @Option(names = "--save-best", paramLabel = "FILE",
            description = "Write the model of the round with the lowest validation error to FILE.")
    Path saveBest;

    @Mixin(name = "verbosity")
    VerbosityMixin verbosity;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        verbosity.apply();
        checkArguments();
        applyPreset();
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
            if (WrongProtocol.isExpectsTls(e)) {
                throw new UserException(ExitCodes.UNREACHABLE, "the coordinator at " + host + ":" + port
                        + " refused the call: " + e.getMessage(), e);
            }
            throw new UserException(ExitCodes.FAILED, "training failed: " + e.getMessage(), e);
        } catch (TException e) {
            throw new UserException(ExitCodes.UNREACHABLE, "lost the coordinator at " + host + ":" + port + ": "
                    + e.getMessage(), e);
        }
    }

    /** The values of --progress. */
    enum ProgressMode { auto, bar, plain }

    private void applyPreset() {
        if (preset == null) {
            return;
        }
        try {
            Map<String, String> merged = Presets.settings(preset);
            merged.putAll(settings);
            settings = merged;
        } catch (IllegalArgumentException e) {
            throw Args.usage("--preset: " + e.getMessage());
        }
    }

    private void checkArguments() {
        if (legacy && (plot != null || metrics != null || saveModel != null || saveBest != null)) {
            throw Args.usage("--legacy cannot give --plot, --metrics, --save-model or --save-best (the original's call"
                    + " returns only the error); drop --legacy");
        }
        for (Path p : new Path[] {plot, metrics, saveModel, saveBest}) {
            Args.outputFile(p);
        }
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
        JobStatus last;
        try (ProgressView view = progressView(out)) {
            last = new JobWatcher(client).follow(jobId, view::status, r -> view.roundDone(r, rounds));
        }
        RunSummary.print(last, out);
        writeOutputs(last);
        if (last.getState() != JobState.SUCCEEDED) {
            throw new UserException(ExitCodes.FAILED, "job " + jobId + " " + last.getState().name().toLowerCase()
                    + ": " + last.getError() + " (the coordinator's log has the details)");
        }
        saveModels(client, last);
        if (last.isSetBest_round()) {
            out.printf("Best validation error: %.4f (round %d of %d)%n", last.getBest_error(), last.getBest_round(),
                    rounds);
        }
        return last.getFinal_error();
    }

    private ProgressView progressView(PrintWriter out) {
        boolean bar = progress == ProgressMode.bar || (progress == ProgressMode.auto && System.console() != null);
        return bar ? new BarProgress(out) : new PlainProgress(out);
    }

    private void writeOutputs(JobStatus last) {
        try {
            if (metrics != null) {
                MetricsFile.write(last, metrics);
            }
            if (plot != null) {
                LearningCurve.writePng(last.getRounds_done(), plotTitle(), plot);
            }
        } catch (IOException e) {
            throw new UserException(ExitCodes.FAILED, "cannot write the results: " + e
                    + " (check the path and free space)", e);
        }
    }

    private void saveModels(CoordinatorClient client, JobStatus last) throws TException {
        if (saveModel == null && saveBest == null) {
            return;
        }
        JobModel model;
        try {
            model = client.model(last.getJob_id());
        } catch (JobFailed | UnknownJob e) {
            throw new UserException(ExitCodes.FAILED, "cannot fetch the trained model: " + e.getMessage()
                    + " (the coordinator may have restarted; train again)", e);
        }
        try {
            if (saveModel != null) {
                ModelFile.write(SavedModel.of(model, false), provenance(last, "last round " + last.getRound(),
                        last.getFinal_error()), saveModel);
            }
            if (saveBest != null) {
                ModelFile.write(SavedModel.of(model, true), provenance(last, "best round " + last.getBest_round(),
                        last.getBest_error()), saveBest);
            }
        } catch (IOException e) {
            throw new UserException(ExitCodes.FAILED, "cannot write the model: " + e + " (check the path and free space)", e);
        }
    }

    private List<String> provenance(JobStatus s, String which, double error) {
        return List.of("trained by mlp-trainer job " + s.getJob_id() + ": " + describeRequest(),
                which + ", validation error " + error);
    }

    /** Names only the data directory's last part: a shared picture should not show the machine's paths. */
    private String plotTitle() {
        Path name = Path.of(dir).getFileName();
        return "Learning curve: " + (name == null ? dir : name) + ", " + rounds + " rounds, " + epochs + " epochs, h "
                + h + ", eta " + eta + (settings.isEmpty() ? "" : ", " + settings);
    }

    private String describeRequest() {
        return "dir " + dir + ", rounds " + rounds + ", epochs " + epochs + ", h " + h + ", eta " + eta
                + (settings.isEmpty() ? "" : ", " + settings);
    }

    public static void main(String[] args) {
        Cli.main(new ClientCommand(), args);
    }
}
