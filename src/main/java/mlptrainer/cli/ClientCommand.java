package mlptrainer.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import mlptrainer.client.BarProgress;
import mlptrainer.client.ClientFailure;
import mlptrainer.client.CoordinatorSession;
import mlptrainer.client.OutputFiles;
import mlptrainer.client.PlainProgress;
import mlptrainer.client.ProgressView;
import mlptrainer.client.TrainingRequest;
import mlptrainer.client.TrainingRun;
import mlptrainer.model.Presets;
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
 * The work is {@link TrainingRun}'s; this class checks the arguments and turns a {@link ClientFailure}
 * into an exit code: a refusal 2, an unreachable or lost coordinator 3, a failed job or output 1.
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

    @Option(names = "--plot", paramLabel = "FILE",
            description = "Write the learning curve (validation and mean training error per round, the best round "
                    + "marked): an SVG drawing when FILE ends in .svg, else a PNG image.")
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
        TrainingRequest request = new TrainingRequest(dir, rounds, epochs, h, k, eta, settings);
        try (CoordinatorSession session = CoordinatorSession.open(host, port,
                security.clientSecurity(security.tls(false, false)))) {
            double error = legacy ? session.trainBlocking(request)
                    : new TrainingRun(session, out, () -> progressView(out)).train(request, resume, outputs());
            out.printf("Final validation error: %.4f%n", error);
            out.flush();
            return ExitCodes.OK;
        } catch (ClientFailure f) {
            throw new UserException(exitCode(f.kind()), f.getMessage(), f.getCause());
        }
    }

    private static int exitCode(ClientFailure.Kind kind) {
        return switch (kind) {
            case REFUSED -> ExitCodes.USAGE;
            case UNREACHABLE -> ExitCodes.UNREACHABLE;
            case FAILED -> ExitCodes.FAILED;
        };
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
        if (legacy && outputs().any()) {
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

    private OutputFiles outputs() {
        return new OutputFiles(plot, metrics, saveModel, saveBest);
    }

    private ProgressView progressView(PrintWriter out) {
        boolean bar = progress == ProgressMode.bar || (progress == ProgressMode.auto && System.console() != null);
        return bar ? new BarProgress(out) : new PlainProgress(out);
    }

    public static void main(String[] args) {
        Cli.main(new ClientCommand(), args);
    }
}
