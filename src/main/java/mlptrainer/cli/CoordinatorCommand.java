package mlptrainer.cli;

import java.io.IOException;
import java.net.BindException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import mlptrainer.coordinator.CoordinatorConfig;
import mlptrainer.coordinator.CoordinatorServer;
import mlptrainer.coordinator.CoordinatorWarmup;
import mlptrainer.coordinator.FailureTolerance;
import mlptrainer.coordinator.NodeAddress;
import mlptrainer.coordinator.NodeListFile;
import mlptrainer.coordinator.SchedulerOptions;
import mlptrainer.data.DataException;
import mlptrainer.data.DataRoot;
import mlptrainer.metrics.CoordinatorMetrics;
import mlptrainer.metrics.MetricsHandler;
import mlptrainer.rpc.AuthToken;
import mlptrainer.rpc.RpcLimits;
import mlptrainer.rpc.Security;
import mlptrainer.rpc.ServerOptions;
import mlptrainer.rpc.TlsConfig;
import mlptrainer.web.DashboardServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code coordinator <port> <scheduling_policy>}: serves training jobs until stopped. */
@Command(name = "coordinator", mixinStandardHelpOptions = true, versionProvider = Cli.VersionProvider.class,
        description = "Serves training jobs: trains in rounds on the compute nodes of the node list.")
public final class CoordinatorCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(CoordinatorCommand.class);
    /** The web dashboard's port unless --http says otherwise. */
    static final int DEFAULT_HTTP_PORT = 9080;

    @Parameters(index = "0", paramLabel = "<port>", description = "Port to listen on (0 picks a free one).")
    int port;

    @Parameters(index = "1", paramLabel = "<scheduling_policy>",
            description = "1 random, 2 load-balancing (nodes may reject tasks), 3 round-robin.")
    int policy;

    @Option(names = "--nodes", defaultValue = "compute_nodes.txt", paramLabel = "FILE",
            description = "Node list: one host,port per line, # comments (default: ${DEFAULT-VALUE}).")
    Path nodes;

    @Mixin
    ListenMixin listen;

    @Option(names = "--task-timeout", defaultValue = "600", paramLabel = "SECONDS",
            description = "A task with no reply after this long is re-run elsewhere (default: ${DEFAULT-VALUE}).")
    double taskTimeoutS;

    @Option(names = "--no-node-timeout", defaultValue = "60", paramLabel = "SECONDS",
            description = "A job fails when a task finds no node to take it for this long, for example while "
                    + "every node is down (default: ${DEFAULT-VALUE}).")
    double noNodeTimeoutS;

    @Option(names = "--speculate-after", defaultValue = "3", paramLabel = "FACTOR",
            description = "Start a backup of a task running this many times the round's median task time; "
                    + "0 disables (default: ${DEFAULT-VALUE}).")
    double speculateAfter;

    @Option(names = "--max-failures-per-task", paramLabel = "N",
            defaultValue = "" + FailureTolerance.DEFAULT_FAILURES_PER_TASK,
            description = "A job fails when one task has failed this many times on nodes that were reached; "
                    + "nodes that cannot be reached count towards --no-node-timeout instead "
                    + "(default: ${DEFAULT-VALUE}).")
    int maxFailuresPerTask;

    @Option(names = "--max-node-errors-per-task", paramLabel = "N",
            defaultValue = "" + FailureTolerance.DEFAULT_NODE_ERRORS_PER_TASK,
            description = "A job fails when this many nodes (or every node, when fewer) refused one task with an "
                    + "error such as a bad file (default: ${DEFAULT-VALUE}).")
    int maxNodeErrorsPerTask;

    @Option(names = "--max-bad-results-per-task", paramLabel = "N",
            defaultValue = "" + FailureTolerance.DEFAULT_BAD_RESULTS_PER_TASK,
            description = "A job fails when one task got unusable deltas (not finite, misshapen or implausible) "
                    + "this many times (default: ${DEFAULT-VALUE}).")
    int maxBadResultsPerTask;

    @Option(names = "--max-implausible-per-node", paramLabel = "N",
            defaultValue = "" + FailureTolerance.DEFAULT_IMPLAUSIBLE_PER_NODE,
            description = "A job fails, naming the node, when one node's deltas were refused as implausible this "
                    + "many times in it (default: ${DEFAULT-VALUE}).")
    int maxImplausiblePerNode;

    @Option(names = "--max-hidden", defaultValue = "" + RpcLimits.DEFAULT_MAX_H, paramLabel = "H",
            description = "The largest h a request may ask for; bounds message sizes (default: ${DEFAULT-VALUE}).")
    int maxHidden;

    @Option(names = "--checkpoint-dir", defaultValue = "checkpoints", paramLabel = "DIR",
            description = "After every round a job's state is written here, one file per data directory; a client "
                    + "asks to resume with --resume (default: ${DEFAULT-VALUE}, under the working directory).")
    Path checkpointDir;

    @Option(names = "--keep-models-mb", paramLabel = "MB",
            description = "Finished jobs' models kept in memory take at most this much heap; older ones move to a "
                    + "directory under --checkpoint-dir, or are dropped without one "
                    + "(default: a sixteenth of the heap).")
    Long keepModelsMb;

    @Option(names = "--no-checkpoints", description = "Write no checkpoints.")
    boolean noCheckpoints;

    @Option(names = "--seed", paramLabel = "N", description = "Seeds the random policies (default: random).")
    Long seed;

    @Option(names = "--allow-fault-injection",
            description = "Let jobs ask for fault injection (--set inject=sign_flip|scale): chosen shards' deltas "
                    + "are sign-flipped or scaled, for experiments with robust strategies. Off: such jobs are refused.")
    boolean allowFaultInjection;

    @Option(names = "--http", paramLabel = "PORT",
            description = "Port of the web dashboard and its JSON API, on the --bind address; 0 picks a free one, "
                    + "off serves none (default: " + DEFAULT_HTTP_PORT + "; when that port is taken the coordinator "
                    + "runs without a dashboard and logs why). HTTPS under --tls; asks for the token when there is one.")
    String http;

    @Mixin
    SecurityMixin security;

    @Mixin(name = "verbosity")
    VerbosityMixin verbosity;

    @Override
    public Integer call() throws Exception {
        verbosity.apply();
        Args.port(port, "port", true);
        if (policy < 1 || policy > 3) {
            throw Args.usage("scheduling_policy must be 1 (random), 2 (load-balancing) or 3 (round-robin), got "
                    + policy);
        }
        Args.atLeast(maxHidden, 1, "--max-hidden");
        if (maxHidden > RpcLimits.DEFAULT_MAX_H) {
            throw Args.usage("--max-hidden must be <= " + RpcLimits.DEFAULT_MAX_H + " (the largest h any client or node "
                    + "reads), got " + maxHidden);
        }
        Integer httpPort = httpPort();
        CoordinatorConfig config = config(readNodes(), listen.dataRoot());
        TlsConfig tls = security.tls(true, false);
        ServerOptions options = listen.serverOptions(port).withTls(tls).withLimits(RpcLimits.forCoordinator());
        Security credentials = security.clientSecurity(tls);
        CoordinatorMetrics metrics = new CoordinatorMetrics();
        try (CoordinatorServer server = Args.bound(() -> CoordinatorServer.start(config, options, credentials, metrics),
                listen.bind, port); DashboardServer web = dashboard(server, httpPort, tls, credentials.token())) {
            metrics.watchJobs(server.jobs());
            if (web != null) {
                web.register("/metrics", new MetricsHandler(metrics));
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                if (web != null) {
                    web.close();
                }
                server.close();
            }));
            CoordinatorWarmup.startInBackground(RpcLimits.forNodeReplies(maxHidden), server.jobs()::anyJobStarted,
                    server::connectToNodes);
            server.awaitTermination();
        }
        return ExitCodes.OK;
    }

    /** @return the dashboard's port, or null for none (--http off) */
    private Integer httpPort() {
        return http == null ? Integer.valueOf(DEFAULT_HTTP_PORT) : Args.httpPort(http);
    }

    /**
     * Starts the dashboard, or returns null when it is off. A port named with --http that cannot be
     * bound stops the coordinator; the default port, taken by another program, only costs the dashboard.
     */
    private DashboardServer dashboard(CoordinatorServer server, Integer httpPort, TlsConfig tls, AuthToken token) {
        if (httpPort == null) {
            LOG.info("dashboard: off (--http off)");
            return null;
        }
        if (http == null) {
            try {
                return DashboardServer.start(server.view(), listen.bind, httpPort, tls, token);
            } catch (BindException e) {
                LOG.warn("dashboard: not served: port {} is taken ({}); choose one with --http PORT", httpPort,
                        e.getMessage());
                return null;
            } catch (IOException e) {
                throw new UserException(ExitCodes.FAILED, "dashboard: cannot listen on " + listen.bind + ":" + httpPort
                        + ": " + e.getMessage(), e);
            }
        }
        return Args.bound(() -> DashboardServer.start(server.view(), listen.bind, httpPort, tls, token), listen.bind,
                httpPort);
    }

    private List<NodeAddress> readNodes() {
        try {
            return NodeListFile.read(nodes);
        } catch (DataException e) {
            throw Args.usage(e.getMessage());
        }
    }

    private FailureTolerance tolerance() {
        try {
            return new FailureTolerance(maxFailuresPerTask, maxNodeErrorsPerTask, maxBadResultsPerTask,
                    maxImplausiblePerNode);
        } catch (IllegalArgumentException e) {
            throw Args.usage("--max-*: " + e.getMessage());
        }
    }

    private CoordinatorConfig config(List<NodeAddress> nodeList, DataRoot root) {
        Args.positiveFinite(taskTimeoutS, "--task-timeout");
        Args.positiveFinite(noNodeTimeoutS, "--no-node-timeout");
        if (taskTimeoutS < 0.001 || noNodeTimeoutS < 0.001) {
            throw Args.usage("--task-timeout and --no-node-timeout must be at least 0.001 s (1 ms)");
        }
        if (!(speculateAfter >= 0)) {
            throw Args.usage("--speculate-after must be >= 0, got " + speculateAfter);
        }
        SchedulerOptions s = SchedulerOptions.DEFAULTS
                .withTaskTimeoutMs((int) Math.min(Integer.MAX_VALUE, taskTimeoutS * 1000))
                .withNoNodeTimeoutMs((long) (noNodeTimeoutS * 1000))
                .withSpeculation(speculateAfter, SchedulerOptions.DEFAULTS.speculateMinMs())
                .withTolerance(tolerance());
        CoordinatorConfig base = CoordinatorConfig.defaults(policy, nodeList).withScheduler(s).withDataRoot(root);
        if (keepModelsMb != null) {
            Args.atLeast(keepModelsMb, 1, "--keep-models-mb");
        }
        return new CoordinatorConfig(policy, nodeList, root, s, maxHidden, base.leaseMs(),
                seed == null ? base.seed() : seed, noCheckpoints ? null : checkpointDir, 0,
                keepModelsMb == null ? 0 : keepModelsMb << 20, allowFaultInjection);
    }

    public static void main(String[] args) {
        Cli.main(new CoordinatorCommand(), args);
    }
}
