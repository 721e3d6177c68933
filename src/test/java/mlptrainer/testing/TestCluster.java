package mlptrainer.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mlptrainer.client.CoordinatorClient;
import mlptrainer.coordinator.CoordinatorConfig;
import mlptrainer.coordinator.CoordinatorServer;
import mlptrainer.coordinator.NodeAddress;
import mlptrainer.coordinator.SchedulerOptions;
import mlptrainer.data.DataRoot;
import mlptrainer.node.ComputeNodeServer;
import mlptrainer.node.NodeConfig;
import mlptrainer.rpc.ServerOptions;
import mlptrainer.rpc.gen.JobModel;
import mlptrainer.rpc.gen.JobState;
import mlptrainer.rpc.gen.JobStatus;
import org.apache.thrift.TException;

/**
 * In-process compute nodes and a coordinator on loopback, ephemeral ports. Close it (in
 * {@code @AfterEach}) to stop every server it started. Nodes may be started with their own config
 * (load, delay, data root); a node address may also be listed without a server behind it.
 */
public final class TestCluster implements AutoCloseable {
    public static final String HOST = "127.0.0.1";
    /** The small request the integration tests train: few rounds and epochs, small h, k=3. */
    public static final int ROUNDS = 3;
    public static final int EPOCHS = 5;
    public static final int H = 5;
    public static final int K = 3;
    public static final double ETA = 0.001;

    private final List<ComputeNodeServer> nodes = new ArrayList<>();
    private final List<NodeAddress> addresses = new ArrayList<>();
    private CoordinatorServer coordinator;
    private final Path root;

    /** @param root the data root of the nodes and the coordinator (a @TempDir) */
    public TestCluster(Path root) {
        this.root = root;
    }

    /** Writes the standard small data set (4 shards of 60 rows, 4 features, k=3) to root/dir. */
    public static Path writeData(Path root, String dir) throws IOException {
        return TestData.write(root.resolve(dir), 4, 60, 4, K, 7L);
    }

    public static NodeConfig nodeConfig(Path dataRoot, double loadProbability, long loadDelayMs, long seed) {
        return new NodeConfig(loadProbability, loadDelayMs, 1, new DataRoot(dataRoot), 64, seed);
    }

    /** Starts n plain nodes (no load) on this cluster's data root. */
    public TestCluster nodes(int n) throws IOException {
        for (int i = 0; i < n; i++) {
            node(nodeConfig(root, 0.0, 0, i));
        }
        return this;
    }

    /** Starts one node and lists it (in start order). */
    public ComputeNodeServer node(NodeConfig config) throws IOException {
        ComputeNodeServer s = ComputeNodeServer.start(config, ServerOptions.onPort(0).withBindAddress(HOST));
        nodes.add(s);
        addresses.add(new NodeAddress(HOST, s.port()));
        return s;
    }

    /** Lists a node this cluster did not start (another process). */
    public void listed(NodeAddress address) {
        addresses.add(address);
    }

    /** Lists an address that nothing listens on (a node that is down). */
    public NodeAddress deadNode() throws IOException {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName(HOST))) {
            port = s.getLocalPort();
        }
        NodeAddress a = new NodeAddress(HOST, port);
        addresses.add(a);
        return a;
    }

    public CoordinatorServer coordinator(int policy) throws IOException {
        return coordinator(policy, SchedulerOptions.DEFAULTS);
    }

    public CoordinatorServer coordinator(int policy, SchedulerOptions scheduler) throws IOException {
        CoordinatorConfig config = new CoordinatorConfig(policy, addresses, new DataRoot(root), scheduler, 64,
                15_000, 42L);
        coordinator = CoordinatorServer.start(config, ServerOptions.onPort(0).withBindAddress(HOST));
        return coordinator;
    }

    public int coordinatorPort() {
        return coordinator.port();
    }

    public List<NodeAddress> addresses() {
        return List.copyOf(addresses);
    }

    public ComputeNodeServer nodeServer(int i) {
        return nodes.get(i);
    }

    public CoordinatorClient client() throws TException {
        return CoordinatorClient.connect(HOST, coordinator.port(), "");
    }

    /** A finished job: its last status and, when it succeeded, its model. */
    public record JobResult(JobStatus status, JobModel model) {
        public double finalError() {
            return status.getFinal_error();
        }
    }

    /** Starts the standard request on dir and follows it to its end. */
    public JobResult runJob(String dir) throws TException {
        return runJob(dir, ROUNDS, EPOCHS, H, ETA, Map.of());
    }

    /** Starts a request with these settings on dir and follows it to its end. */
    public JobResult runJob(String dir, int rounds, int epochs, int h, double eta, Map<String, String> settings)
            throws TException {
        return runJob(dir, rounds, epochs, h, eta, settings, K);
    }

    /** As above, with k classes. */
    public JobResult runJob(String dir, int rounds, int epochs, int h, double eta, Map<String, String> settings,
            int k) throws TException {
        try (CoordinatorClient c = client()) {
            String id = c.startJob(dir, rounds, epochs, h, k, eta, settings);
            JobStatus s = awaitEnd(c, id);
            return new JobResult(s, s.getState() == JobState.SUCCEEDED ? c.model(id) : null);
        }
    }

    /** Follows a job by status calls that wait for change; ends when the job is no longer running. */
    public static JobStatus awaitEnd(CoordinatorClient c, String id) throws TException {
        JobStatus s = c.awaitStatus(id);
        while (s.getState() == JobState.RUNNING) {
            s = c.awaitStatus(id);
        }
        return s;
    }

    @Override
    public void close() {
        if (coordinator != null) {
            coordinator.close();
        }
        nodes.forEach(ComputeNodeServer::close);
    }
}
