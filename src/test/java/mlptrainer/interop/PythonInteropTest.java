package mlptrainer.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mlptrainer.client.CoordinatorClient;
import mlptrainer.coordinator.NodeAddress;
import mlptrainer.rpc.gen.JobState;
import mlptrainer.rpc.gen.JobStatus;
import mlptrainer.rpc.gen.NodeStat;
import mlptrainer.testing.TestCluster;
import mlptrainer.testing.TestData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Programs generated from thrift/trainer.thrift in another language talk to ours: a Python client
 * (Debian's python3-thrift, for /usr/bin/python3) drives the Java coordinator. Skipped when the
 * thrift compiler or the Python module is missing (.ci/run installs both).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PythonInteropTest {
    static final String PYTHON = "/usr/bin/python3";
    @TempDir
    static Path gen;
    @TempDir
    Path root;
    TestCluster cluster;

    /** Finished process output. */
    record Result(int code, String out, String err) {
    }

    static Result exec(Path dir, List<String> command, java.util.Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        pb.environment().putAll(env);
        Path out = Files.createTempFile("interop", ".out");
        Path err = Files.createTempFile("interop", ".err");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        try {
            if (!p.waitFor(90, TimeUnit.SECONDS)) {
                throw new AssertionError(command + " did not end within 90 s");
            }
            return new Result(p.exitValue(), Files.readString(out).strip(), Files.readString(err).strip());
        } finally {
            p.destroyForcibly();
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    static boolean available(String... command) {
        try {
            return exec(null, List.of(command), java.util.Map.of()).code() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    @BeforeAll
    static void generatePython() throws Exception {
        assumeTrue(available("thrift", "--version"), "thrift compiler not installed");
        assumeTrue(available(PYTHON, "-c", "import thrift"), PYTHON + " lacks the thrift module (python3-thrift)");
        Path idl = Path.of("thrift/trainer.thrift").toAbsolutePath();
        Result r = exec(null, List.of("thrift", "--gen", "py", "-out", gen.toString(), idl.toString()),
                java.util.Map.of());
        assertEquals(0, r.code(), r.err());
        Files.writeString(gen.resolve("train_client.py"), CLIENT);
    }

    @BeforeEach
    void startCluster() throws Exception {
        TestCluster.writeData(root, "data");
        cluster = new TestCluster(root);
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    /** Connects like the original's client: TSocket, buffered (unframed) transport, binary protocol. */
    static final String CLIENT = """
            import sys
            from thrift.Thrift import TApplicationException
            from thrift.transport import TSocket, TTransport
            from thrift.protocol import TBinaryProtocol
            from mlptrainer_rpc import Coordinator

            host, port, d = sys.argv[1], int(sys.argv[2]), sys.argv[3]
            rounds, epochs, h, k = (int(a) for a in sys.argv[4:8])
            eta = float(sys.argv[8])
            sock = TSocket.TSocket(host, port)
            sock.setTimeout(60000)
            transport = TTransport.TBufferedTransport(sock)
            client = Coordinator.Client(TBinaryProtocol.TBinaryProtocol(transport))
            transport.open()
            try:
                print(repr(client.train(d, rounds, epochs, h, k, eta)))
            except TApplicationException as e:
                print("error: " + str(e.message))
            finally:
                transport.close()
            """;

    private Result pythonTrain(String dir, int rounds) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(PYTHON, gen.resolve("train_client.py").toString(),
                TestCluster.HOST, String.valueOf(cluster.coordinatorPort()), dir, String.valueOf(rounds),
                String.valueOf(TestCluster.EPOCHS), String.valueOf(TestCluster.H), String.valueOf(TestCluster.K),
                String.valueOf(TestCluster.ETA)));
        Result r = exec(gen, cmd, java.util.Map.of("PYTHONPATH", gen.toString()));
        assertEquals(0, r.code(), r.out() + "\n" + r.err());
        return r;
    }

    @Test
    void pythonClientTrainsOnTheJavaCoordinatorAndGetsTheJavaClientsResult() throws Exception {
        cluster.nodes(3).coordinator(1);
        Result py = pythonTrain("data", TestCluster.ROUNDS);
        double javaError;
        try (CoordinatorClient c = cluster.client()) {
            javaError = c.trainBlocking("data", TestCluster.ROUNDS, TestCluster.EPOCHS, TestCluster.H, TestCluster.K,
                    TestCluster.ETA);
        }
        // Python's repr of a float round-trips exactly, so the two doubles must be equal bit for bit
        assertEquals(javaError, Double.parseDouble(py.out()), py.out());
    }

    /** The original's compute node in Python, started on a free port. */
    private record PythonNode(Process process, NodeAddress address) implements AutoCloseable {
        static PythonNode start(Path root) throws Exception {
            Path script = gen.resolve("python_node.py");
            try (var in = PythonInteropTest.class.getResourceAsStream("/interop/python_node.py")) {
                Files.write(script, in.readAllBytes());
            }
            ProcessBuilder pb = new ProcessBuilder(PYTHON, script.toString()).directory(root.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT);
            pb.environment().put("PYTHONPATH", gen.toString());
            Process node = pb.start();
            String first = new java.io.BufferedReader(new java.io.InputStreamReader(node.getInputStream(),
                    java.nio.charset.StandardCharsets.UTF_8)).readLine();
            if (first == null || !first.matches("\\d+")) {
                node.destroyForcibly();
                throw new AssertionError("the Python node prints its port: " + first);
            }
            return new PythonNode(node, new NodeAddress(TestCluster.HOST, Integer.parseInt(first)));
        }

        /** @return the node's counts in the job's status (none when it was never offered a task) */
        NodeStat statIn(JobStatus status) {
            return status.getNodes().stream().filter(n -> n.getNode().equals(address.toString())).findFirst()
                    .orElse(new NodeStat());
        }

        @Override
        public void close() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void pythonComputeNodeSpeakingOnlyTheOriginalCallWorksUnderTheJavaCoordinator() throws Exception {
        try (PythonNode python = PythonNode.start(root)) {
            // first in the list: round-robin gives it shard 1 of round 1
            cluster.listed(python.address());
            cluster.nodes(2).coordinator(3);
            try (CoordinatorClient c = cluster.client()) {
                String id = c.startJob("data", 2, TestCluster.EPOCHS, TestCluster.H, TestCluster.K, TestCluster.ETA,
                        java.util.Map.of());
                JobStatus end = TestCluster.awaitEnd(c, id);
                assertEquals(JobState.SUCCEEDED, end.getState(), end.getError());
                NodeStat stat = python.statIn(end);
                assertTrue(stat.getTasks_accepted() >= 1, stat.toString());
                assertEquals(0, stat.getTasks_failed(), stat.toString());
            }
        }
    }

    /**
     * A prepared directory of decimals with k 2: the original's client (which sends k 3 here, as
     * it sends 26 for letters) trains with the manifest's k, and the Python node, first in the
     * round-robin list, is never sent one of its tasks, which it could not read.
     */
    @Test
    void realValuedDataNeverReachesThePythonNodeAndThePythonClientTrainsOnIt() throws Exception {
        TestData.writeRealValued(root.resolve("own"), List.of("no", "yes"), 4, 3, 40, 1);
        try (PythonNode python = PythonNode.start(root)) {
            cluster.listed(python.address());
            cluster.nodes(1).coordinator(3);
            Result py = pythonTrain("own", 2);
            double error = Double.parseDouble(py.out());
            assertTrue(error >= 0 && error <= 1, py.out());
            try (CoordinatorClient c = cluster.client()) {
                NodeStat stat = python.statIn(TestCluster.awaitEnd(c, "1"));
                assertEquals(0, stat.getTasks_accepted() + stat.getTasks_failed() + stat.getTasks_rejected(),
                        stat.toString());
            }
        }
    }

    @Test
    void pythonClientSeesABadRequestsReason() throws Exception {
        cluster.nodes(1).coordinator(3);
        Result py = pythonTrain("data", 0);
        assertTrue(py.out().startsWith("error: ") && py.out().contains("rounds must be in 1.."), py.out());
    }
}
