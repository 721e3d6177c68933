package mlptrainer.cli;

import ch.qos.logback.classic.LoggerContext;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import mlptrainer.data.DataException;
import mlptrainer.data.DataRoot;
import mlptrainer.data.DatasetManifest;
import mlptrainer.data.ScratchDirectory;
import mlptrainer.model.KernelWarmup;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code local [options] DATA_DIR ROUNDS EPOCHS H ETA [-- CLIENT_OPTIONS...]}: starts compute nodes
 * and a coordinator in this JVM ({@link LocalCluster}: loopback sockets, ephemeral ports, the data
 * directory as every server's data root), runs the client's job on them with the client's output,
 * and stops everything. The servers' log lines go to {@code servers.log} in the work directory,
 * the coordinator's checkpoints under it. Returns the client's exit code; on failure the work
 * directory is kept and named.
 *
 * <p>The vector kernel's warm-up ({@link KernelWarmup}) starts first, on a thread of its own, and
 * runs while the servers and the client start: it never delays the job, and the first round's tasks
 * find the kernel compiled sooner than they would compile it themselves, in the interpreter's boxed
 * vectors.
 */
@Command(name = "local", mixinStandardHelpOptions = true, versionProvider = Cli.VersionProvider.class,
        description = "Runs compute nodes, a coordinator and the client's job in one JVM (the servers still talk "
                + "Thrift over loopback sockets), then stops them; prints what the client prints.")
public final class LocalClusterCommand implements Callable<Integer> {
    /** The loggers that stay on stderr when the servers' lines go to a file: the client's and this command's. */
    private static final String[] CLIENT_LOGGERS = {"mlptrainer.client", "mlptrainer.cli"};
    /** The features of data in the original's layout, which has no manifest. */
    private static final int LETTER_FEATURES = 16;

    @Option(names = {"-n", "--node-count"}, defaultValue = "4", paramLabel = "N",
            description = "Compute nodes (default: ${DEFAULT-VALUE}).")
    int nodeCount;

    @Option(names = {"-p", "--policy"}, defaultValue = "1", paramLabel = "POLICY",
            description = "Scheduling policy: 1 random, 2 load-balancing, 3 round-robin (default: ${DEFAULT-VALUE}).")
    int policy;

    @Option(names = {"-l", "--load"}, defaultValue = "0", paramLabel = "P[,P...]", split = ",",
            description = "Load probability of each node; the list repeats as needed (default: ${DEFAULT-VALUE}).")
    double[] loads;

    @Option(names = {"-d", "--load-delay-ms"}, defaultValue = "3000", paramLabel = "MS",
            description = "How long injected load sleeps, in milliseconds (default: ${DEFAULT-VALUE}).")
    long loadDelayMs;

    @Option(names = {"-b", "--base-port"}, defaultValue = "0", paramLabel = "PORT",
            description = "The coordinator on PORT and node i on PORT+i (default: free ports).")
    int basePort;

    @Option(names = "--http", defaultValue = "0", paramLabel = "PORT",
            description = "Port of the coordinator's dashboard; 0 picks a free one, off serves none "
                    + "(default: ${DEFAULT-VALUE}).")
    String http;

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "Where servers.log and the checkpoints go (default: a new temporary directory, removed "
                    + "when the run succeeds, kept and named when it fails).")
    Path workDir;

    @Parameters(index = "0", paramLabel = "DATA_DIR", description = "The data directory; every server's data root.")
    Path data;

    @Parameters(index = "1..4", arity = "4", paramLabel = "ROUNDS EPOCHS H ETA",
            description = "The client's training arguments.")
    List<String> training;

    @Parameters(index = "5..*", paramLabel = "CLIENT_OPTIONS",
            description = "More client options, after --; for example -- --plot curve.png.")
    List<String> clientOptions = new ArrayList<>();

    @Spec
    CommandSpec spec;

    /** Whether this command made the work directory (so removes it after a run that succeeded). */
    private boolean madeWorkDir;

    @Override
    public Integer call() throws Exception {
        LocalCluster.Settings settings = settings(workDirectory());
        KernelWarmup.startInBackground(declaredFeatures(data));
        PrintWriter err = spec.commandLine().getErr();
        int code;
        try (LocalCluster cluster = Args.bound(() -> LocalCluster.start(settings), LocalCluster.HOST, basePort)) {
            err.printf("local: %d node(s) on ports %s, coordinator on port %d, policy %d, in one JVM; data root %s%n",
                    nodeCount, cluster.nodePorts(), cluster.coordinatorPort(), policy, settings.dataRoot().path());
            err.flush();
            code = Cli.run(new ClientCommand(), spec.commandLine().getOut(), err, clientArguments(cluster));
        }
        finish(code == ExitCodes.OK, err);
        return code;
    }

    /**
     * The features its manifest declares; data without one (the original's layout) has 16, and a
     * manifest that does not read is the job's error to report, not the warm-up's.
     */
    private static int declaredFeatures(Path data) {
        try {
            return DatasetManifest.read(data).map(DatasetManifest::d).orElse(LETTER_FEATURES);
        } catch (DataException e) {
            return LETTER_FEATURES;
        }
    }

    private LocalCluster.Settings settings(Path work) {
        Args.atLeast(nodeCount, 1, "-n");
        if (policy < 1 || policy > 3) {
            throw Args.usage("-p must be 1 (random), 2 (load-balancing) or 3 (round-robin), got " + policy);
        }
        for (double p : loads) {
            Args.probability(p, "-l");
        }
        Args.atLeast(loadDelayMs, 0, "-d");
        Args.port(basePort, "-b", true);
        if (basePort + nodeCount > 65535) {
            throw Args.usage("-b " + basePort + " leaves no room for " + nodeCount + " nodes above it");
        }
        if (!Files.isDirectory(data)) {
            throw Args.usage(data + ": no such directory");
        }
        return new LocalCluster.Settings(nodeCount, policy, loads, loadDelayMs, new DataRoot(data.toAbsolutePath()),
                work.resolve("checkpoints"), basePort, Args.httpPort(http));
    }

    /** The work directory, made when not given; the servers' log lines go to servers.log in it from now on. */
    private Path workDirectory() throws IOException {
        if (workDir == null) {
            workDir = Files.createTempDirectory("local-cluster.");
            madeWorkDir = true;
        } else if (!Files.isDirectory(workDir)) {
            throw Args.usage("--work-dir " + workDir + ": no such directory");
        }
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            LogSetup.divert(context, workDir.resolve("servers.log"), CLIENT_LOGGERS);
        }
        return workDir;
    }

    private String[] clientArguments(LocalCluster cluster) {
        List<String> args = new ArrayList<>(List.of(LocalCluster.HOST, String.valueOf(cluster.coordinatorPort()),
                data.toAbsolutePath().toString()));
        args.addAll(training);
        args.addAll(clientOptions);
        return args.toArray(String[]::new);
    }

    /** Removes a work directory this command made after a run that succeeded; names it after one that failed. */
    private void finish(boolean succeeded, PrintWriter err) {
        if (!madeWorkDir) {
            return;
        }
        if (succeeded) {
            ScratchDirectory.deleteTree(workDir);
        } else {
            err.println("local: logs kept in " + workDir);
            err.flush();
        }
    }

    public static void main(String[] args) {
        Cli.main(new LocalClusterCommand(), args);
    }
}
