package mlptrainer.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import mlptrainer.client.ClientFailure;
import mlptrainer.client.CoordinatorSession;
import mlptrainer.client.RunProvenance;
import mlptrainer.client.TrainingRequest;
import mlptrainer.client.TrainingRun;
import mlptrainer.model.Presets;
import mlptrainer.rpc.Security;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code client <coordinator_ip> <coordinator_port> <dir_path> <rounds> <epochs> <h> <eta>}: asks a
 * coordinator to train, shows progress (a bar per round on a terminal, else a line per round), prints a
 * summary, writes the requested plot, metrics and models, and prints the final validation error last.
 * The work is {@link TrainingRun}'s; this class checks the arguments and turns a {@link ClientFailure}
 * into an exit code: a refusal 2, an unreachable or lost coordinator 3, a failed job or output 1.
 * Ctrl-C leaves the job running and prints how to follow it again ({@link InterruptNotice}). With a
 * command first, it manages the coordinator's jobs instead: {@code jobs}, {@code attach},
 * {@code cancel}, {@code model}, {@code metrics} (see {@link JobCommand}).
 */
@Command(name = "client", mixinStandardHelpOptions = true, versionProvider = Cli.VersionProvider.class,
        description = "Asks a coordinator to train and prints the final validation error; or, with a command "
                + "first, lists, follows, cancels or fetches the results of its jobs.",
        subcommands = {ClientJobsCommand.class, ClientAttachCommand.class, ClientCancelCommand.class,
                ClientModelCommand.class, ClientMetricsCommand.class})
public final class ClientCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "<coordinator_ip>",
            description = "The coordinator's host name or address.")
    String host;

    @Parameters(index = "1", arity = "0..1", paramLabel = "<coordinator_port>", description = "The coordinator's port.")
    int port;

    @Parameters(index = "2", arity = "0..1", paramLabel = "<dir_path>",
            description = "Data directory (train_letters<N>.txt, validate_letters.txt), as the coordinator and nodes see it.")
    String dir;

    @Parameters(index = "3", arity = "0..1", paramLabel = "<rounds>", description = "Rounds of training (>= 1).")
    int rounds;

    @Parameters(index = "4", arity = "0..1", paramLabel = "<epochs>", description = "Most local epochs per task (>= 1).")
    int epochs;

    @Parameters(index = "5", arity = "0..1", paramLabel = "<h>", description = "Hidden units (>= 1).")
    int h;

    @Parameters(index = "6", arity = "0..1", paramLabel = "<eta>", description = "Learning rate (> 0).")
    double eta;

    @Option(names = "--k", paramLabel = "K",
            description = "Number of classes (default: the data directory's dataset.json says; without one 26, the "
                    + "letters A..Z). A k that differs from dataset.json's is refused.")
    Integer k;

    @Option(names = "--set", paramLabel = "NAME=VALUE",
            description = "A training setting beyond the course algorithm (repeatable); see README.")
    Map<String, String> settings = new LinkedHashMap<>();

    @Option(names = "--preset", paramLabel = "NAME",
            description = "A named bundle of training settings (--set overrides its values): 'accurate' is the "
                    + "recipe in README (use it with rounds 100, epochs 1, h 384, eta 0.3); 'fast' the quicker one "
                    + "(rounds 360, epochs 1, h 512, eta 0.1); 'quick' fast for a short budget (rounds 130, "
                    + "epochs 1, h 384, eta 0.1).")
    String preset;

    @Option(names = "--resume",
            description = "Continue this request from the coordinator's checkpoint of it, when there is one.")
    boolean resume;

    @Mixin
    SecurityMixin security;

    @Option(names = "--legacy", description = "Use only the original's blocking train call (no progress, no outputs).")
    boolean legacy;

    @Mixin
    JobOutputOptions output;

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
        TrainingRequest request = new TrainingRequest(dir, rounds, epochs, h,
                k == null ? TrainingRequest.K_FROM_DATA : k, eta, settings);
        RunProvenance provenance = new RunProvenance(host + ":" + port, preset,
                Instant.now().truncatedTo(ChronoUnit.MILLIS));
        Security credentials = security.clientSecurity(security.tls(false, false));
        InterruptNotice interrupt = interruptNotice(host, port, credentials, security, output, spec);
        try (CoordinatorSession session = CoordinatorSession.open(host, port, credentials)) {
            double error = legacy ? session.trainBlocking(request)
                    : new TrainingRun(session, out, () -> output.progressView(out, provenance), provenance)
                            .traceTo(output.trace).onFollow(interrupt::following)
                            .train(request, resume, output.outputs());
            out.printf("Final validation error: %.4f%n", error);
            out.flush();
            return ExitCodes.OK;
        } catch (ClientFailure f) {
            throw new UserException(exitCode(f.kind()), f.getMessage(), f.getCause());
        } finally {
            interrupt.done();
        }
    }

    /** What Ctrl-C does while a job is followed, as the options say. */
    static InterruptNotice interruptNotice(String host, int port, Security credentials, SecurityMixin security,
            JobOutputOptions output, CommandSpec spec) {
        boolean secured = security.tls || credentials.token().required();
        return new InterruptNotice(host, port, credentials, secured, output.cancelOnInterrupt,
                spec.commandLine().getErr());
    }

    static int exitCode(ClientFailure.Kind kind) {
        return switch (kind) {
            case REFUSED -> ExitCodes.USAGE;
            case UNREACHABLE -> ExitCodes.UNREACHABLE;
            case FAILED -> ExitCodes.FAILED;
        };
    }

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
        requirePositionals();
        if (legacy && output.anyFile()) {
            throw Args.usage("--legacy cannot give --plot, --metrics, --save-model or --save-best, nor a --trace (the"
                    + " original's call returns only the error); drop --legacy");
        }
        if (legacy && output.logRounds != null) {
            throw Args.usage("--legacy cannot give --log-rounds (the original's call reports no rounds); drop"
                    + " --legacy");
        }
        output.check();
        Args.port(port, "coordinator_port", false);
        Args.atLeast(rounds, 1, "rounds");
        Args.atLeast(epochs, 1, "epochs");
        Args.atLeast(h, 1, "h");
        if (k != null) {
            Args.atLeast(k, 2, "--k");
        }
        Args.positiveFinite(eta, "eta");
    }

    /**
     * The seven positionals are optional to picocli only so that the subcommands ({@code client jobs
     * HOST PORT}) parse; training needs every one, with picocli's own message when some are missing.
     */
    private void requirePositionals() {
        List<PositionalParamSpec> all = spec.positionalParameters();
        int given = spec.commandLine().getParseResult().matchedPositionals().size();
        if (given >= all.size()) {
            return;
        }
        List<String> missing = all.subList(given, all.size()).stream().map(p -> "'" + p.paramLabel() + "'").toList();
        throw new ParameterException(spec.commandLine(), "Missing required parameter" + (missing.size() > 1 ? "s" : "")
                + ": " + String.join(", ", missing));
    }

    /**
     * A subcommand's name after training positionals is a directory name to the user, never a
     * command: refused with the way to name such a directory.
     */
    void refuseTrainingPositionalsBefore(String command) {
        if (host != null) {
            throw Args.usage("'" + command + "' is a client command and must come first; to train on a directory "
                    + "named " + command + ", write ./" + command);
        }
    }

    public static void main(String[] args) {
        Cli.main(new ClientCommand(), args);
    }
}
