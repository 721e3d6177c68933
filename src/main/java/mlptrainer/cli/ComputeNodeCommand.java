package mlptrainer.cli;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import mlptrainer.coordinator.NodeAddress;
import mlptrainer.data.DataRoot;
import mlptrainer.node.ComputeNodeServer;
import mlptrainer.node.Joiner;
import mlptrainer.node.NodeConfig;
import mlptrainer.rpc.AuthToken;
import mlptrainer.rpc.RpcLimits;
import mlptrainer.rpc.ServerOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code compute-node <port> <load_probability>}: serves training tasks until stopped. */
@Command(name = "compute-node", mixinStandardHelpOptions = true, versionProvider = Cli.VersionProvider.class,
        description = "Serves training tasks: trains a shard from the weights it is sent and returns the deltas.")
public final class ComputeNodeCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "<port>", description = "Port to listen on (0 picks a free one).")
    int port;

    @Parameters(index = "1", paramLabel = "<load_probability>",
            description = "Probability in [0, 1] of injecting load before a task (and, under policy 2, of rejecting it).")
    double loadProbability;

    @Option(names = "--load-delay-ms", defaultValue = "3000", paramLabel = "MS",
            description = "How long injected load sleeps, in milliseconds (default: ${DEFAULT-VALUE}, as the original).")
    long loadDelayMs;

    @Option(names = "--slots", defaultValue = "1", paramLabel = "N",
            description = "Tasks trained at once; the coordinator sends no more (default: ${DEFAULT-VALUE}).")
    int slots;

    @Mixin
    ListenMixin listen;

    @Option(names = "--shard-cache-dir", paramLabel = "DIR",
            description = "Where shards shipped by the coordinator are kept, by content hash "
                    + "(default: a new temporary directory).")
    Path shardCacheDir;

    @Option(names = "--shard-cache-mb", defaultValue = "512", paramLabel = "MB",
            description = "The most shipped shard data kept; older shards are evicted (default: ${DEFAULT-VALUE}).")
    long shardCacheMb;

    @Option(names = "--max-hidden", defaultValue = "" + RpcLimits.DEFAULT_MAX_H, paramLabel = "H",
            description = "The largest h a task may carry; bounds the size of messages the node accepts "
                    + "(default: ${DEFAULT-VALUE}).")
    int maxHidden;

    @Option(names = "--max-shard-mb", defaultValue = "" + (RpcLimits.DEFAULT_MAX_SHARD_BYTES >> 20), paramLabel = "MB",
            description = "The largest shard the coordinator may ship in one message (default: ${DEFAULT-VALUE}).")
    int maxShardMb;

    @Option(names = "--inject-bad-deltas", defaultValue = "0", paramLabel = "P",
            description = "Fault injection for testing: with probability P send a task's deltas with a NaN in them, "
                    + "to see the coordinator refuse them and re-run the task (default: ${DEFAULT-VALUE}).")
    double badDeltas;

    @Option(names = "--join", paramLabel = "HOST:PORT",
            description = "Register with this coordinator and keep a heartbeat, so it schedules on this node "
                    + "without a node-list entry; leaving is announced on a clean shutdown. Needs the cluster's "
                    + "token (--token-file), as the coordinator does.")
    String join;

    @Option(names = "--advertise", paramLabel = "HOST[:PORT]",
            description = "The address the coordinator should use to reach this node (NAT, several interfaces); "
                    + "default: the --bind address, or when binding every interface the address of the "
                    + "interface this host reaches the coordinator through.")
    String advertise;

    @Option(names = "--seed", paramLabel = "N", description = "Seeds load injection and rejection (default: random).")
    Long seed;

    @Mixin
    SecurityMixin security;

    @Mixin(name = "verbosity")
    VerbosityMixin verbosity;

    @Override
    public Integer call() throws Exception {
        verbosity.apply();
        Args.port(port, "port", true);
        Args.probability(loadProbability, "load_probability");
        Args.atLeast(slots, 1, "--slots");
        Args.atLeast(loadDelayMs, 0, "--load-delay-ms");
        DataRoot root = listen.dataRoot();
        Args.atLeast(shardCacheMb, 1, "--shard-cache-mb");
        Args.probability(badDeltas, "--inject-bad-deltas");
        NodeConfig config = new NodeConfig(loadProbability, loadDelayMs, slots, root, NodeConfig.DEFAULT_CACHED_SHARDS,
                seed, shardCacheDir, shardCacheMb << 20, badDeltas);
        Args.atLeast(maxHidden, 1, "--max-hidden");
        if (maxHidden > RpcLimits.DEFAULT_MAX_H) {
            throw Args.usage("--max-hidden must be <= " + RpcLimits.DEFAULT_MAX_H
                    + " (the largest h any client or node reads), got " + maxHidden);
        }
        Args.atLeast(maxShardMb, 1, "--max-shard-mb");
        ServerOptions options = listen.serverOptions(port)
                .withTls(security.tls(true, true))
                .withLimits(RpcLimits.forNode(maxHidden, maxShardMb << 20));
        AuthToken token = security.token();
        if (join != null && !token.required()) {
            throw Args.usage("--join needs the cluster's token (--token-file FILE or MLP_TOKEN): a coordinator "
                    + "takes joins only from nodes that present it");
        }
        try (ComputeNodeServer server = Args.bound(() -> ComputeNodeServer.start(config, options, token), listen.bind,
                port)) {
            Joiner joiner = startJoining(server.port());
            mlptrainer.node.NodeWarmup.startInBackground(options.limits(), server.service()::taskArrived);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                if (joiner != null) {
                    joiner.close();
                }
                server.close();
            }));
            server.awaitTermination();
        }
        return ExitCodes.OK;
    }

    private Joiner startJoining(int boundPort) {
        if (join == null) {
            return null;
        }
        NodeAddress coordinator = Args.address(join, "--join");
        Joiner joiner = new Joiner(coordinator, advertised(boundPort, coordinator),
                security.clientSecurity(security.tls(false, false)));
        joiner.start();
        return joiner;
    }

    /**
     * --advertise, else the --bind address, else the address of the interface this host reaches
     * the coordinator through (a host name may resolve to loopback, as "localhost" on many
     * machines), else the host's name.
     */
    private NodeAddress advertised(int boundPort, NodeAddress coordinator) {
        if (advertise != null) {
            return advertise.contains(":") ? Args.address(advertise, "--advertise")
                    : new NodeAddress(advertise, boundPort);
        }
        if (!listen.everyInterface()) {
            return new NodeAddress(listen.bind, boundPort);
        }
        Optional<String> towards = Joiner.addressTowards(coordinator);
        if (towards.isPresent()) {
            return new NodeAddress(towards.get(), boundPort);
        }
        try {
            return new NodeAddress(InetAddress.getLocalHost().getCanonicalHostName(), boundPort);
        } catch (UnknownHostException e) {
            throw Args.usage("cannot tell this host's name; give --advertise HOST");
        }
    }

    public static void main(String[] args) {
        Cli.main(new ComputeNodeCommand(), args);
    }
}
