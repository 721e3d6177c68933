package mlptrainer.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import mlptrainer.coordinator.CoordinatorConfig;
import mlptrainer.coordinator.CoordinatorServer;
import mlptrainer.coordinator.NodeAddress;
import mlptrainer.data.DataRoot;
import mlptrainer.metrics.CoordinatorMetrics;
import mlptrainer.metrics.MetricsHandler;
import mlptrainer.node.ComputeNodeServer;
import mlptrainer.node.NodeConfig;
import mlptrainer.rpc.AuthToken;
import mlptrainer.rpc.Security;
import mlptrainer.rpc.ServerOptions;
import mlptrainer.web.DashboardServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compute nodes and a coordinator in this JVM, each on its own loopback port ({@link #HOST}), that
 * talk Thrift to each other over sockets exactly as separate processes do: only the JVM is shared,
 * so the cluster starts once and compiles the code once. Every server reads data only inside the
 * data root. The dashboard (with /metrics), when asked for, starts on a background thread so that
 * it never delays a job.
 *
 * <p>Not thread-safe: started and closed by one thread. {@link #close} stops every server and
 * thread it started and frees every port; closing twice is harmless.
 */
public final class LocalCluster implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalCluster.class);
    /** Every server listens here only. */
    public static final String HOST = "127.0.0.1";

    /**
     * What to start.
     *
     * @param nodes         compute nodes, >= 1
     * @param policy        the coordinator's scheduling policy, 1..3
     * @param loads         load probability of node i is loads[i % loads.length]
     * @param loadDelayMs   how long injected load sleeps
     * @param dataRoot      every server's data root
     * @param checkpointDir the coordinator's checkpoints, or null for none
     * @param basePort      0 for free ports, else the coordinator on it and node i on basePort + i
     * @param httpPort      the dashboard's port (0 a free one), or null for no dashboard
     */
    public record Settings(int nodes, int policy, double[] loads, long loadDelayMs, DataRoot dataRoot,
            Path checkpointDir, int basePort, Integer httpPort) {
    }

    private final List<ComputeNodeServer> nodes = new ArrayList<>();
    private CoordinatorServer coordinator;
    private Thread dashboardStarter;
    private volatile DashboardServer dashboard;
    private volatile boolean closed;

    private LocalCluster() {
    }

    /** Starts the nodes and the coordinator; returns once every one listens. */
    public static LocalCluster start(Settings settings) throws IOException {
        LocalCluster cluster = new LocalCluster();
        try {
            cluster.startServers(settings);
            return cluster;
        } catch (IOException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    private void startServers(Settings s) throws IOException {
        List<NodeAddress> listed = new ArrayList<>();
        for (int i = 0; i < s.nodes(); i++) {
            NodeConfig config = new NodeConfig(s.loads()[i % s.loads().length], s.loadDelayMs(), 1, s.dataRoot(),
                    NodeConfig.DEFAULT_CACHED_SHARDS, null);
            int port = s.basePort() == 0 ? 0 : s.basePort() + i + 1;
            ComputeNodeServer node = ComputeNodeServer.start(config, onLoopback(port));
            nodes.add(node);
            listed.add(new NodeAddress(HOST, node.port()));
        }
        CoordinatorMetrics metrics = new CoordinatorMetrics();
        CoordinatorConfig config = CoordinatorConfig.defaults(s.policy(), listed).withDataRoot(s.dataRoot())
                .withCheckpointDir(s.checkpointDir());
        coordinator = CoordinatorServer.start(config, onLoopback(s.basePort()), Security.NONE, metrics);
        metrics.watchJobs(coordinator.jobs());
        dashboardStarter = new Thread(() -> connectThenServeDashboard(s.httpPort(), metrics), "local-cluster-start");
        dashboardStarter.setDaemon(true);
        dashboardStarter.start();
    }

    private static ServerOptions onLoopback(int port) {
        return ServerOptions.onPort(port).withBindAddress(HOST);
    }

    /**
     * Opens the coordinator's connections to the nodes (and learns what they speak), then the
     * dashboard: both while the client starts, not in the first round's way.
     */
    private void connectThenServeDashboard(Integer httpPort, CoordinatorMetrics metrics) {
        LOG.debug("local: {}", coordinator.connectToNodes());
        if (httpPort == null || closed) {
            return;
        }
        try {
            DashboardServer web = DashboardServer.start(coordinator.view(), HOST, httpPort, null, AuthToken.NONE);
            web.register("/metrics", new MetricsHandler(metrics));
            dashboard = web;
            LOG.info("local: dashboard: {}", web.url());
            if (closed) {
                web.close();
            }
        } catch (IOException e) {
            LOG.warn("dashboard: not served: {}:{}: {}", HOST, httpPort, e.getMessage());
        }
    }

    /** @return the coordinator's port */
    public int coordinatorPort() {
        return coordinator.port();
    }

    /** @return the nodes' ports, in list order */
    public List<Integer> nodePorts() {
        return nodes.stream().map(ComputeNodeServer::port).toList();
    }

    /**
     * Waits until the dashboard is served or known not to be.
     *
     * @return its address, or null when there is none
     */
    public String awaitDashboard() throws InterruptedException {
        dashboardStarter.join();
        DashboardServer web = dashboard;
        return web == null ? null : web.url();
    }

    /** Stops the dashboard, the coordinator and the nodes, in that order, and waits for the dashboard's start. */
    @Override
    public void close() {
        closed = true;
        if (dashboardStarter != null) {
            Cli.joinQuietly(dashboardStarter);
        }
        DashboardServer web = dashboard;
        if (web != null) {
            web.close();
        }
        if (coordinator != null) {
            coordinator.close();
        }
        nodes.forEach(ComputeNodeServer::close);
    }
}
