package mlptrainer.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mlptrainer.client.CoordinatorClient;
import mlptrainer.coordinator.CoordinatorConfig;
import mlptrainer.coordinator.CoordinatorServer;
import mlptrainer.coordinator.NodeAddress;
import mlptrainer.coordinator.SchedulerOptions;
import mlptrainer.data.DataRoot;
import mlptrainer.faults.FaultProxy;
import mlptrainer.node.ComputeNodeServer;
import mlptrainer.node.NodeConfig;
import mlptrainer.rpc.AuthToken;
import mlptrainer.rpc.RpcServer;
import mlptrainer.rpc.Security;
import mlptrainer.rpc.ServerOptions;
import mlptrainer.rpc.gen.ComputeNode;
import mlptrainer.rpc.gen.JobModel;
import mlptrainer.rpc.gen.JobState;
import mlptrainer.rpc.gen.JobStatus;
import mlptrainer.rpc.gen.NodeStat;
import org.apache.thrift.TException;

/**
 * A cluster for tests on loopback ({@link #HOST}): everything it starts listens on an ephemeral
 * port unless the test names one, and reads its shards from the cluster's data root.
 *
 * <p>It starts in-process compute nodes, compute nodes in their own JVM ({@link #childNode}),
 * fake nodes serving any {@link ComputeNode.Iface}, ports that accept connections and never
 * answer, {@link FaultProxy fault proxies}, coordinators and coordinator clients. Every node it
 * starts, and every address a test lists or declares dead, goes on the cluster's node list in
 * that order; {@link #coordinator(int, SchedulerOptions)} gets that list,
 * {@link #coordinator(SchedulerOptions, int...)} exactly the ports it is given. It also writes the
 * standard data set ({@link #writeData}), runs the standard request ({@link #ROUNDS} ...) and
 * follows jobs by status calls that wait for a change, never by sleeping.
 *
 * <p>Cleanup: {@link #close} stops everything the cluster started, last started first, kills the
 * child JVMs and waits for them to end; use it in try-with-resources or {@code @AfterEach}. A test
 * may close a server itself earlier (a node that leaves): closing twice is harmless.
 *
 * <p>Not thread-safe: one cluster per test, used from the test's thread. The static helpers keep
 * no state.
 */
public final class TestCluster implements AutoCloseable {
    public static final String HOST = "127.0.0.1";
    /** Where {@link #withData} writes the standard data set under the root. */
    public static final String DIR = "data";
    /** The standard data set's shape (see {@link #writeData}). */
    public static final int FEATURES = 4;
    public static final int K = 3;
    /** The standard request: few rounds and epochs and a small h, so that a job takes well under a second. */
    public static final int ROUNDS = 3;
    public static final int EPOCHS = 5;
    public static final int H = 5;
    public static final double ETA = 0.001;
    /** The coordinators' bound on h; tests of the bound ask for one more. */
    public static final int MAX_HIDDEN = 64;

    private static final int SHARDS = 4;
    private static final int ROWS = 60;
    private static final long DATA_SEED = 7;
    private static final long LEASE_MS = 15_000;
    /**
     * Seeds the random policy (1 and 2). With this seed its first draw among three free nodes picks
     * the first listed: fault tests list the faulty node first, so that the job tries it at once.
     */
    private static final long COORDINATOR_SEED = 11;
    /** Seeds the load of {@link #node(double, long)}'s nodes; with p 0 or 1 it decides nothing. */
    private static final long NODE_SEED = 7;
    private static final long CHILD_START_TIMEOUT_S = 60;

    private final Path root;
    private final List<NodeAddress> listed = new ArrayList<>();
    /** What {@link #close} stops: last started first, so clients go before their coordinator. */
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final List<Process> children = new ArrayList<>();
    /** Ports held by {@link #reservePort}, with the sockets holding them. */
    private final Map<Integer, Socket> reserved = new HashMap<>();
    private CoordinatorServer coordinator;
    private Security security = Security.NONE;

    /** @param root the data root of every node and coordinator of this cluster (a @TempDir) */
    public TestCluster(Path root) {
        this.root = root;
    }

    /** Writes the standard data set under {@code root/DIR} and returns a cluster on {@code root}. */
    public static TestCluster withData(Path root) throws IOException {
        writeData(root, DIR);
        return new TestCluster(root);
    }

    /**
     * Writes the standard data set to root/dir: 4 training shards and a validation file of 60 rows,
     * {@link #FEATURES} features, {@link #K} classes; the same bytes every time.
     */
    public static Path writeData(Path root, String dir) throws IOException {
        return TestData.write(root.resolve(dir), SHARDS, ROWS, FEATURES, K, DATA_SEED);
    }

    /**
     * Writes a data set of the standard shape with one training shard to root/dir. A job on it has
     * one task per round, which never waits for a node behind another task of the round: a job
     * that fails for want of a node then fails after every node has been tried, however slow the
     * machine, not because its no-node bound ran out while a node was still busy.
     */
    public static Path writeOneShardData(Path root, String dir) throws IOException {
        return TestData.write(root.resolve(dir), 1, ROWS, FEATURES, K, DATA_SEED);
    }

    // ---- compute nodes ----

    public static NodeConfig nodeConfig(Path dataRoot, double loadProbability, long loadDelayMs, long seed) {
        return new NodeConfig(loadProbability, loadDelayMs, 1, new DataRoot(dataRoot), 64, seed);
    }

    /** Starts n plain nodes (no load) on this cluster's data root and lists them. */
    public TestCluster nodes(int n) throws IOException {
        for (int i = 0; i < n; i++) {
            node(nodeConfig(root, 0.0, 0, i));
        }
        return this;
    }

    /** Starts a node on this cluster's data root that loads each task with this probability, and lists it. */
    public ComputeNodeServer node(double loadProbability, long loadDelayMs) throws IOException {
        return node(nodeConfig(root, loadProbability, loadDelayMs, NODE_SEED));
    }

    /** Starts a node with its own config (load, seed, data root) and lists it. */
    public ComputeNodeServer node(NodeConfig config) throws IOException {
        return node(config, 0);
    }

    /**
     * Starts a plain node on a port given earlier (a listed node that comes up late) and lists it. A
     * port from {@link #reservePort} is let go only now, just before the node binds it.
     */
    public ComputeNodeServer nodeOnPort(int port) throws IOException {
        Socket holder = reserved.remove(port);
        if (holder != null) {
            holder.close();
        }
        return node(nodeConfig(root, 0.0, 0, NODE_SEED), port);
    }

    private ComputeNodeServer node(NodeConfig config, int port) throws IOException {
        ComputeNodeServer s = own(ComputeNodeServer.start(config, ServerOptions.onPort(port).withBindAddress(HOST)));
        listed.add(new NodeAddress(HOST, s.port()));
        return s;
    }

    /** Serves any compute node implementation (a fake) as a real node is served, and lists it. */
    public RpcServer fakeNode(ComputeNode.Iface handler) throws IOException {
        RpcServer s = own(RpcServer.start("fake-node", new ComputeNode.Processor<>(handler),
                ServerOptions.onPort(0).withBindAddress(HOST)));
        listed.add(new NodeAddress(HOST, s.port()));
        return s;
    }

    /** Lists a port that accepts connections and never answers; its sockets stay open until close. */
    public int hangingNode() throws IOException {
        ServerSocket listener = new ServerSocket(0, 50, InetAddress.getByName(HOST));
        List<Socket> held = Collections.synchronizedList(new ArrayList<>());
        own(() -> closeAll(listener, held));
        Thread acceptor = new Thread(() -> holdEveryConnection(listener, held), "hanging-node");
        acceptor.setDaemon(true);
        acceptor.start();
        listed.add(new NodeAddress(HOST, listener.getLocalPort()));
        return listener.getLocalPort();
    }

    private static void holdEveryConnection(ServerSocket listener, List<Socket> held) {
        try {
            while (true) {
                held.add(listener.accept());
            }
        } catch (IOException e) {
            // the listener was closed: the cluster is closing
        }
    }

    private static void closeAll(ServerSocket listener, List<Socket> held) throws IOException {
        listener.close(); // first, so that the acceptor ends and adds no more
        synchronized (held) {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    /**
     * Starts a compute node in its own JVM, as {@code compute-node} runs it, on this cluster's data
     * root, and lists it. Returns once it listens (read from its log).
     */
    public ChildNode childNode(double loadProbability, long loadDelayMs) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-DLOG_LEVEL=INFO", "-cp", System.getProperty("java.class.path"),
                "mlptrainer.cli.ComputeNodeCommand", "0", String.valueOf(loadProbability), "--load-delay-ms",
                String.valueOf(loadDelayMs), "--bind", HOST, "--data-root", root.toString(), "--seed",
                String.valueOf(NODE_SEED));
        pb.redirectErrorStream(true);
        Process p = pb.start();
        children.add(p);
        ChildNode child = new ChildNode(p, awaitListeningPort(p));
        listed.add(new NodeAddress(HOST, child.port()));
        return child;
    }

    /** A compute node in another JVM: a test may kill its process. */
    public record ChildNode(Process process, int port) {
        public String address() {
            return HOST + ":" + port;
        }
    }

    /**
     * Reads a child server's log on a daemon thread until it says where it listens; bounded, so a
     * hung start fails.
     *
     * @return the port the child listens on
     */
    public static int awaitListeningPort(Process p) throws InterruptedException {
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread reader = new Thread(() -> readPortFromLog(p, port), "child-node-log");
        reader.setDaemon(true);
        reader.start();
        try {
            return port.get(CHILD_START_TIMEOUT_S, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("child process did not start: " + e.getMessage(), e);
        }
    }

    /** Reads the whole log (a full pipe would block the child), completing {@code port} at the listening line. */
    private static void readPortFromLog(Process p, CompletableFuture<Integer> port) {
        Pattern listening = Pattern.compile("listening on [^ ]*:(\\d+)");
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                Matcher m = listening.matcher(line);
                if (m.find()) {
                    port.complete(Integer.parseInt(m.group(1)));
                }
            }
        } catch (IOException e) {
            // the process ended
        }
        port.completeExceptionally(new IllegalStateException("the child exited before listening"));
    }

    /** Lists a node this cluster did not start (another process). */
    public void listed(NodeAddress address) {
        listed.add(address);
    }

    /**
     * Lists an address that nothing listens on (a node that is down): a port reserved as
     * {@link #reservePort} does, which {@link #nodeOnPort} may bring up later.
     */
    public NodeAddress deadNode() throws IOException {
        NodeAddress a = new NodeAddress(HOST, reservePort());
        listed.add(a);
        return a;
    }

    /**
     * A loopback port that nothing listens on, held by this cluster until {@link #nodeOnPort} starts
     * a node on it or the cluster closes: a socket bound to it but not listening keeps the port from
     * anything else on the machine (another test's server, an outgoing connection's local port),
     * while connections to it are refused as by a node that is down. Not listed.
     */
    public int reservePort() throws IOException {
        Socket holder = new Socket();
        holder.bind(new InetSocketAddress(InetAddress.getByName(HOST), 0));
        reserved.put(holder.getLocalPort(), holder);
        own(holder);
        return holder.getLocalPort();
    }

    /** The node list so far, in the order nodes were started or listed. */
    public List<NodeAddress> addresses() {
        return List.copyOf(listed);
    }

    /** A fault proxy on a free port forwarding to {@code targetPort}; not listed (list its port instead). */
    public FaultProxy proxy(int targetPort) throws IOException {
        return own(FaultProxy.start(HOST, 0, HOST, targetPort));
    }

    // ---- coordinators and clients ----

    /** Coordinators started after this require the token (nodes may join with it); this cluster's clients send it. */
    public TestCluster withToken(String token) {
        security = new Security(AuthToken.of(token), null);
        return this;
    }

    /** A scheduler with bounds short enough for tests; speculation off unless a test turns it on. */
    public static SchedulerOptions scheduler(int taskTimeoutMs, long noNodeTimeoutMs) {
        return SchedulerOptions.DEFAULTS.withTaskTimeoutMs(taskTimeoutMs).withNoNodeTimeoutMs(noNodeTimeoutMs)
                .withSpeculation(0, 0);
    }

    /** Starts a coordinator with the default scheduler on the node list so far. */
    public CoordinatorServer coordinator(int policy) throws IOException {
        return coordinator(policy, SchedulerOptions.DEFAULTS);
    }

    /** Starts a coordinator on the node list so far. */
    public CoordinatorServer coordinator(int policy, SchedulerOptions scheduler) throws IOException {
        return startCoordinator(policy, scheduler, listed);
    }

    /** Starts a coordinator under the random policy (1) on exactly these loopback ports, in this order. */
    public CoordinatorServer coordinator(SchedulerOptions scheduler, int... nodePorts) throws IOException {
        List<NodeAddress> nodes = new ArrayList<>();
        for (int p : nodePorts) {
            nodes.add(new NodeAddress(HOST, p));
        }
        return startCoordinator(1, scheduler, nodes);
    }

    private CoordinatorServer startCoordinator(int policy, SchedulerOptions scheduler, List<NodeAddress> nodes)
            throws IOException {
        CoordinatorConfig config = new CoordinatorConfig(policy, List.copyOf(nodes), new DataRoot(root), scheduler,
                MAX_HIDDEN, LEASE_MS, COORDINATOR_SEED);
        coordinator = own(CoordinatorServer.start(config, ServerOptions.onPort(0).withBindAddress(HOST), security));
        return coordinator;
    }

    /** The port of the coordinator started last. */
    public int coordinatorPort() {
        if (coordinator == null) {
            throw new IllegalStateException("no coordinator started");
        }
        return coordinator.port();
    }

    /** A client of the coordinator started last; closed with the cluster if the test does not close it first. */
    public CoordinatorClient client() throws TException {
        return own(CoordinatorClient.connect(HOST, coordinatorPort(), security));
    }

    // ---- jobs ----

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
            return follow(c, c.startJob(dir, rounds, epochs, h, k, eta, settings));
        }
    }

    /** Starts the standard request on the standard data set; returns the job id. */
    public static String startJob(CoordinatorClient c) throws TException {
        return c.startJob(DIR, ROUNDS, EPOCHS, H, K, ETA, Map.of());
    }

    /** Runs the standard request to its end and checks that it succeeded; returns its model. */
    public static JobModel runToSuccess(CoordinatorClient c) throws TException {
        JobResult r = follow(c, startJob(c));
        assertEquals(JobState.SUCCEEDED, r.status().getState(),
                () -> "job " + r.status().getJob_id() + " failed: " + r.status().getError());
        return r.model();
    }

    private static JobResult follow(CoordinatorClient c, String id) throws TException {
        JobStatus s = awaitEnd(c, id);
        return new JobResult(s, s.getState() == JobState.SUCCEEDED ? c.model(id) : null);
    }

    /** Follows a job by status calls that wait for change; ends when the job is no longer running. */
    public static JobStatus awaitEnd(CoordinatorClient c, String id) throws TException {
        JobStatus s = c.awaitStatus(id);
        while (s.getState() == JobState.RUNNING) {
            s = c.awaitStatus(id);
        }
        return s;
    }

    /** Waits until a task of the job runs on {@code node} ("host:port"); fails if the job ends first. */
    public static JobStatus awaitRunningOn(CoordinatorClient c, String id, String node) throws TException {
        JobStatus s = c.awaitStatus(id);
        while (s.getRunning() == null || s.getRunning().stream().noneMatch(a -> node.equals(a.getNode()))) {
            if (s.getState() != JobState.RUNNING) {
                throw new AssertionError("job ended before a task ran on " + node + ": " + s);
            }
            s = c.awaitStatus(id);
        }
        return s;
    }

    /** Waits until the job has completed at least {@code rounds} rounds, or has ended. */
    public static JobStatus awaitRound(CoordinatorClient c, String id, int rounds) throws TException {
        JobStatus s = c.awaitStatus(id);
        while (s.getRound() < rounds && s.getState() == JobState.RUNNING) {
            s = c.awaitStatus(id);
        }
        return s;
    }

    /** The job's figures for the loopback node on {@code port}. */
    public static NodeStat nodeStat(JobStatus s, int port) {
        return s.getNodes().stream().filter(n -> n.getNode().equals(HOST + ":" + port)).findFirst()
                .orElseThrow(() -> new AssertionError("no node " + port + " in " + s.getNodes()));
    }

    // ---- cleanup ----

    private <T extends AutoCloseable> T own(T resource) {
        started.push(resource);
        return resource;
    }

    /** Kills the child JVMs, closes everything else last started first, then waits for the children to end. */
    @Override
    public void close() {
        children.forEach(Process::destroyForcibly);
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                // keep closing the rest: one failure must not leave the other servers running
            }
        }
        for (Process p : children) {
            awaitExit(p);
        }
        children.clear();
    }

    private static void awaitExit(Process p) {
        try {
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
