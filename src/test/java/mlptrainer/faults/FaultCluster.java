package mlptrainer.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mlptrainer.client.CoordinatorClient;
import mlptrainer.coordinator.CoordinatorConfig;
import mlptrainer.coordinator.CoordinatorServer;
import mlptrainer.coordinator.NodeAddress;
import mlptrainer.coordinator.SchedulerOptions;
import mlptrainer.data.DataRoot;
import mlptrainer.node.ComputeNodeServer;
import mlptrainer.node.NodeConfig;
import mlptrainer.rpc.RpcServer;
import mlptrainer.rpc.ServerOptions;
import mlptrainer.rpc.gen.ComputeNode;
import mlptrainer.rpc.gen.JobModel;
import mlptrainer.rpc.gen.JobState;
import mlptrainer.rpc.gen.JobStatus;
import mlptrainer.rpc.gen.NodeStat;
import org.apache.thrift.TException;

/**
 * Test support for the fault tests: makes a small deterministic data set, starts compute nodes
 * (in process, as child JVMs, as fakes or as sockets that never answer), proxies and a
 * coordinator on loopback, runs jobs, and closes or kills everything it started ({@link #close}).
 * One per test; not thread-safe.
 */
public final class FaultCluster implements AutoCloseable {
    public static final String HOST = "127.0.0.1";
    /** The job every fault test runs: small enough to take well under a second without faults. */
    public static final String DIR = "data";
    public static final int SHARDS = 4;
    public static final int ROWS = 60;
    public static final int FEATURES = 5;
    public static final int K = 3;
    public static final int ROUNDS = 3;
    public static final int EPOCHS = 4;
    public static final int H = 6;
    public static final double ETA = 0.01;
    private static final long DATA_SEED = 42;
    private static JobModel reference;

    private final Path root;
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();

    /** Writes the data set under {@code root/DIR}. */
    public FaultCluster(Path root) throws IOException {
        this.root = root;
        writeData(root.resolve(DIR));
    }

    public Path root() {
        return root;
    }

    public DataRoot dataRoot() {
        return new DataRoot(root);
    }

    /** Shards of integer features whose label is the nearest of K centres, so the model learns something. */
    public static void writeData(Path dir) throws IOException {
        Files.createDirectories(dir);
        Random r = new Random(DATA_SEED);
        for (int s = 1; s <= SHARDS + 1; s++) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < ROWS; i++) {
                int label = r.nextInt(K);
                for (int j = 0; j < FEATURES; j++) {
                    b.append(label * 5 + (j % 2 == 0 ? label : 0) + r.nextInt(6)).append(',');
                }
                b.append(label).append('\n');
            }
            String name = s <= SHARDS ? "train_letters" + s + ".txt" : "validate_letters.txt";
            Files.writeString(dir.resolve(name), b.toString());
        }
    }

    // ---- servers ----

    /** An in-process compute node. */
    public ComputeNodeServer node(double loadProbability, long loadDelayMs) throws IOException {
        return node(0, loadProbability, loadDelayMs);
    }

    public ComputeNodeServer node(int port, double loadProbability, long loadDelayMs) throws IOException {
        return node(dataRoot(), port, loadProbability, loadDelayMs);
    }

    /** A node reading its shards from its own data root (no shared files with the coordinator). */
    public ComputeNodeServer node(DataRoot nodeRoot, int port, double loadProbability, long loadDelayMs)
            throws IOException {
        ComputeNodeServer s = ComputeNodeServer.start(new NodeConfig(loadProbability, loadDelayMs, 1, nodeRoot, 64,
                7L), ServerOptions.onPort(port).withBindAddress(HOST));
        closeables.add(s);
        return s;
    }

    /** Any Thrift compute node implementation (a fake), served like a real one. */
    public RpcServer fakeNode(ComputeNode.Iface handler) throws IOException {
        RpcServer s = RpcServer.start("fake-node", new ComputeNode.Processor<>(handler),
                ServerOptions.onPort(0).withBindAddress(HOST));
        closeables.add(s);
        return s;
    }

    /** A port that accepts connections and never answers (its sockets stay open until close). */
    public int hangingNode() throws IOException {
        ServerSocket listener = new ServerSocket(0, 50, java.net.InetAddress.getByName(HOST));
        List<Socket> held = Collections.synchronizedList(new ArrayList<>());
        closeables.add(() -> {
            listener.close();
            synchronized (held) {
                for (Socket s : held) {
                    s.close();
                }
            }
        });
        Thread t = new Thread(() -> {
            try {
                while (true) {
                    held.add(listener.accept());
                }
            } catch (IOException e) {
                // closed: done
            }
        }, "hanging-node");
        t.setDaemon(true);
        t.start();
        return listener.getLocalPort();
    }

    /** A port nothing listens on now (bound, then released). */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName(HOST))) {
            return s.getLocalPort();
        }
    }

    /** A fault proxy on a free port forwarding to {@code targetPort}. */
    public FaultProxy proxy(int targetPort) throws IOException {
        FaultProxy p = FaultProxy.start(HOST, 0, HOST, targetPort);
        closeables.add(p);
        return p;
    }

    /**
     * A compute node in its own JVM, as {@code compute-node} runs it. Returns once it listens
     * (read from its log).
     */
    public ChildNode childNode(double loadProbability, long loadDelayMs) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-DLOG_LEVEL=INFO", "-cp", System.getProperty("java.class.path"), "mlptrainer.cli.ComputeNodeCommand", "0",
                String.valueOf(loadProbability), "--load-delay-ms", String.valueOf(loadDelayMs), "--bind", HOST,
                "--data-root", root.toString(), "--seed", "7");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        processes.add(p);
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Pattern listening = Pattern.compile("listening on [^ ]*:(\\d+)");
        Thread reader = new Thread(() -> {
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
            port.completeExceptionally(new IllegalStateException("compute node exited before listening"));
        }, "child-node-log");
        reader.setDaemon(true);
        reader.start();
        try {
            return new ChildNode(p, port.get(60, TimeUnit.SECONDS));
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("child compute node did not start: " + e.getMessage(), e);
        }
    }

    /** A compute node in another JVM. */
    public record ChildNode(Process process, int port) {
        public String address() {
            return HOST + ":" + port;
        }
    }

    /** A scheduler with bounds short enough for tests; speculation off unless a test turns it on. */
    public static SchedulerOptions scheduler(int taskTimeoutMs, long noNodeTimeoutMs) {
        return SchedulerOptions.DEFAULTS.withTaskTimeoutMs(taskTimeoutMs).withNoNodeTimeoutMs(noNodeTimeoutMs)
                .withSpeculation(0, 0);
    }

    public CoordinatorServer coordinator(SchedulerOptions scheduler, int... nodePorts) throws IOException {
        return coordinator(1, scheduler, nodePorts);
    }

    public CoordinatorServer coordinator(int policy, SchedulerOptions scheduler, int... nodePorts) throws IOException {
        List<NodeAddress> nodes = new ArrayList<>();
        for (int p : nodePorts) {
            nodes.add(new NodeAddress(HOST, p));
        }
        CoordinatorServer c = CoordinatorServer.start(new CoordinatorConfig(policy, nodes, dataRoot(), scheduler,
                4096, 15_000, 11L), ServerOptions.onPort(0).withBindAddress(HOST));
        closeables.add(c);
        return c;
    }

    public CoordinatorClient client(int coordinatorPort) throws TException {
        CoordinatorClient c = CoordinatorClient.connect(HOST, coordinatorPort, "");
        closeables.add(c);
        return c;
    }

    // ---- jobs ----

    public static String startJob(CoordinatorClient c) throws TException {
        return c.startJob(DIR, ROUNDS, EPOCHS, H, K, ETA, Map.of());
    }

    /** Waits (on job_status) until the job is no longer running. */
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

    /** Waits until the job has completed at least {@code rounds} rounds. */
    public static JobStatus awaitRound(CoordinatorClient c, String id, int rounds) throws TException {
        JobStatus s = c.awaitStatus(id);
        while (s.getRound() < rounds && s.getState() == JobState.RUNNING) {
            s = c.awaitStatus(id);
        }
        return s;
    }

    /** Runs the job to its end and checks it succeeded; returns its model. */
    public static JobModel runToSuccess(CoordinatorClient c) throws TException {
        String id = startJob(c);
        JobStatus s = awaitEnd(c, id);
        assertEquals(JobState.SUCCEEDED, s.getState(), () -> "job " + id + " failed: " + s.getError());
        return c.model(id);
    }

    public static NodeStat nodeStat(JobStatus s, int port) {
        return s.getNodes().stream().filter(n -> n.getNode().equals(HOST + ":" + port)).findFirst()
                .orElseThrow(() -> new AssertionError("no node " + port + " in " + s.getNodes()));
    }

    /**
     * The fault-free run's model: computed once per JVM on a clean cluster of two nodes, the same
     * data and request.
     */
    public static synchronized JobModel reference() throws Exception {
        if (reference == null) {
            Path dir = Files.createTempDirectory("fault-ref");
            try (FaultCluster clean = new FaultCluster(dir)) {
                ComputeNodeServer a = clean.node(0, 0);
                ComputeNodeServer b = clean.node(0, 0);
                CoordinatorServer c = clean.coordinator(scheduler(30_000, 30_000), a.port(), b.port());
                reference = runToSuccess(clean.client(c.port()));
            }
        }
        return reference;
    }

    /** Checks bit for bit that the model equals the fault-free run's (Double.equals compares bits). */
    public static void assertSameAsFaultFree(JobModel model) throws Exception {
        JobModel ref = reference();
        assertNotNull(model.getLast());
        assertEquals(ref.getLast(), model.getLast(), "final weights differ from the fault-free run's");
        assertEquals(ref.getBest(), model.getBest(), "best weights differ from the fault-free run's");
    }

    /** Closes every server, proxy and client, last started first, and kills child processes. */
    @Override
    public void close() {
        for (Process p : processes) {
            p.destroyForcibly();
        }
        for (int i = closeables.size() - 1; i >= 0; i--) {
            try {
                closeables.get(i).close();
            } catch (Exception e) {
                // keep closing the others
            }
        }
        closeables.clear();
        for (Process p : processes) {
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        processes.clear();
    }
}
