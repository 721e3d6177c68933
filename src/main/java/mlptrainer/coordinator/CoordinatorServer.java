package mlptrainer.coordinator;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import mlptrainer.data.DatasetCache;
import mlptrainer.rpc.RpcLimits;
import mlptrainer.rpc.RpcServer;
import mlptrainer.rpc.Security;
import mlptrainer.rpc.ServerOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires a coordinator: registry, policy, job manager, handler and Thrift server. Close to stop it. */
public final class CoordinatorServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CoordinatorServer.class);
    private final RpcServer server;
    private final JobManager jobs;
    private final ExecutorService rpcThreads;

    private final CoordinatorContext ctx;

    private CoordinatorServer(RpcServer server, JobManager jobs, ExecutorService rpcThreads, CoordinatorContext ctx) {
        this.server = server;
        this.jobs = jobs;
        this.rpcThreads = rpcThreads;
        this.ctx = ctx;
    }

    /** Starts serving; returns once the port is bound. */
    public static CoordinatorServer start(CoordinatorConfig config, ServerOptions options) throws IOException {
        return start(config, options, Security.NONE);
    }

    /**
     * Starts serving with credentials: incoming calls must carry {@code security.token()}; links to
     * nodes carry it too and use {@code security.tls()} when set.
     */
    public static CoordinatorServer start(CoordinatorConfig config, ServerOptions options, Security security)
            throws IOException {
        return start(config, options, security, CoordinatorEvents.NONE);
    }

    /** As above, telling {@code events} what the coordinator does (for metrics). */
    public static CoordinatorServer start(CoordinatorConfig config, ServerOptions options, Security security,
            CoordinatorEvents events) throws IOException {
        // a failed node must be retried within the no-node bound, or a job can fail without offering a task to a
        // node that is up again (say, the next job right after one that failed with every node down)
        NodeRegistry registry = new NodeRegistry(
                Math.min(config.scheduler().maxBackoffMs(), config.scheduler().noNodeTimeoutMs() / 2));
        registry.addListed(config.nodes());
        ExecutorService rpcThreads = Executors.newCachedThreadPool(daemonThreads("coordinator-rpc"));
        NodeClient client = new NodeClient(config.scheduler().connectTimeoutMs(),
                RpcLimits.forNodeReplies(config.maxHidden()), security, events);
        CoordinatorContext ctx = new CoordinatorContext(registry, SchedulingPolicy.of(config.policy(), config.seed()),
                client, rpcThreads, config.scheduler(), config.dataRoot(), new DatasetCache(config.dataRoot(), 256),
                config.maxHidden(), config.checkpointDir() == null ? null
                        : new CheckpointStore(config.checkpointDir(), config.dataRoot()),
                new MemoryBudget(config.effectiveHeapBytes(), config.effectiveKeptModelBytes()),
                new FinishedModels(config.effectiveKeptModelBytes(), config.checkpointDir()));
        JobManager jobs = new JobManager(ctx, config.allowFaultInjection());
        CoordinatorHandler handler = new CoordinatorHandler(jobs, config.leaseMs(), security.token());
        RpcServer server = RpcServer.start("coordinator", handler.processor(), options, events::refused);
        LOG.info("coordinator: listening on {}:{}{}, policy {}, {} node(s) listed, data root {}",
                options.bindAddress(), server.port(), options.tls() == null ? "" : " (TLS)", config.policy(),
                config.nodes().size(), config.dataRoot());
        return new CoordinatorServer(server, jobs, rpcThreads, ctx);
    }

    static ThreadFactory daemonThreads(String name) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    public int port() {
        return server.port();
    }

    /** @return the Thrift server (for tests and status: open connections) */
    public RpcServer rpc() {
        return server;
    }

    public JobManager jobs() {
        return jobs;
    }

    /** @return a read-only view of the nodes and jobs, for the HTTP dashboard */
    public CoordinatorView view() {
        return new CoordinatorView(jobs, port());
    }

    /**
     * Connects to every node not reached yet and learns what it speaks, keeping each connection
     * for the node's first task, so that the first job's first round does not wait for the
     * connections and the nodes' answers. Nodes that do not answer are left to the jobs, and
     * status shows them down with the reason.
     * Blocks for up to the connect timeout per silent node; call it off the serving threads.
     *
     * @return what it did, for a log line: "connected to N of M nodes"
     */
    public String connectToNodes() {
        List<NodeHandle> nodes = ctx.registry().all();
        long reached = nodes.stream().filter(n -> ctx.registry().contacted(n, ctx.client().whyNotReachedAhead(n)))
                .count();
        return "connected to " + reached + " of " + nodes.size() + " nodes";
    }

    public void awaitTermination() throws InterruptedException {
        server.awaitTermination();
    }

    @Override
    public void close() {
        jobs.close();
        ctx.models().close();
        server.close();
        rpcThreads.shutdownNow();
        jobs.registry().closeConnections();
    }
}
