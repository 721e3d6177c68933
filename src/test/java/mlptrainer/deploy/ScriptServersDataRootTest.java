package mlptrainer.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mlptrainer.client.CoordinatorClient;
import mlptrainer.model.MlpWeights;
import mlptrainer.rpc.WireWeights;
import mlptrainer.rpc.RpcConnection;
import mlptrainer.rpc.RpcLimits;
import mlptrainer.rpc.gen.ComputeNode;
import mlptrainer.rpc.gen.InvalidRequest;
import mlptrainer.rpc.gen.JobState;
import mlptrainer.rpc.gen.JobStatus;
import mlptrainer.rpc.gen.TaskRequest;
import mlptrainer.testing.TestCluster;
import org.apache.thrift.TApplicationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 item 2: the servers the scripts start (scripts/lib.sh's mlp_start_cluster, the functions
 * local-cluster.sh and the bench scripts use) listen on loopback only, and a request can neither read
 * a file outside the data directory nor tell whether one exists; their errors never show the data
 * root's absolute path. The servers are real JVMs started by the scripts' own shell functions.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class ScriptServersDataRootTest {
    private static final String SECRET = "AKIAIOSFODNN7EXAMPLE";
    @TempDir
    static Path tmp;
    private static Path data;
    private static Process cluster;
    private static int nodePort;
    private static int coordinatorPort;

    /** A data directory, and beside it a credentials file that no request may reach; one cluster for every test. */
    @BeforeAll
    static void startTheScriptsCluster() throws Exception {
        data = TestCluster.writeData(tmp, "data");
        Files.writeString(tmp.resolve("creds.csv"), SECRET + ",wJalrXUtnFEMI\n");
        Path work = Files.createDirectories(tmp.resolve("work"));
        // the cluster runs until the test closes the script's stdin; its EXIT trap stops the servers
        String script = "source scripts/lib.sh; trap mlp_stop_cluster EXIT; "
                + "mlp_start_cluster \"$1\" 1 1 0 0 \"$2\" || exit 1; echo \"$MLP_CPORT\"; read -r _";
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", script, "cluster", work.toString(), data.toString())
                .redirectError(tmp.resolve("cluster.err").toFile());
        pb.environment().put("MLP_CLASSPATH", System.getProperty("java.class.path"));
        pb.environment().put("JAVA_OPTS", "-Xmx64m");
        pb.environment().remove("MLP_SCALAR_KERNEL");
        cluster = pb.start();
        String line = new BufferedReader(new InputStreamReader(cluster.getInputStream(), StandardCharsets.UTF_8))
                .readLine();
        assertTrue(line != null && line.matches("\\d+"), "the cluster did not start: " + line + "; "
                + Files.readString(tmp.resolve("cluster.err")));
        coordinatorPort = Integer.parseInt(line);
        String node = Files.readAllLines(work.resolve("compute_nodes.txt")).get(0);
        nodePort = Integer.parseInt(node.substring(node.indexOf(',') + 1));
    }

    @AfterAll
    static void stopTheCluster() throws Exception {
        if (cluster == null) {
            return;
        }
        cluster.getOutputStream().close();
        if (!cluster.waitFor(60, TimeUnit.SECONDS)) {
            cluster.descendants().forEach(ProcessHandle::destroyForcibly);
            cluster.destroyForcibly();
        }
        // a safety net should the script itself have failed to stop them
        cluster.descendants().forEach(ProcessHandle::destroyForcibly);
    }

    private static TaskRequest task(String file) {
        return new TaskRequest(file,
                WireWeights.toWire(MlpWeights.initUniform(TestCluster.FEATURES, TestCluster.H, TestCluster.K, 1L)),
                TestCluster.K, TestCluster.H, TestCluster.ETA, TestCluster.EPOCHS, 1);
    }

    /** Paths outside the data directory: existing (the secret, /etc/passwd) and missing, relative and absolute. */
    private List<String> outside() {
        return List.of("../creds.csv", tmp.resolve("creds.csv").toString(), "/etc/passwd", "../../../../etc/passwd",
                "../no-such-file.csv", tmp.resolve("no-such-file.csv").toString(), "/etc/no-such-file",
                "data/../../creds.csv");
    }

    @Test
    void aNodeStartedByTheScriptsNeitherReadsNorProbesOutsideTheDataDirectory() throws Exception {
        List<String> shapes = new ArrayList<>();
        try (RpcConnection<ComputeNode.Client> node = RpcConnection.open(TestCluster.HOST, nodePort, 10_000, 60_000,
                RpcLimits.DEFAULT, ComputeNode.Client::new)) {
            for (String path : outside()) {
                InvalidRequest e = assertThrows(InvalidRequest.class, () -> node.client().run_task(task(path)),
                        "the node trained " + path);
                shapes.add(checkedShape(e.getMessage(), path));
                TApplicationException legacy = assertThrows(TApplicationException.class,
                        () -> node.client().train_with_weights(path, task(path).getInitial_weights(), 0,
                                TestCluster.K, TestCluster.H, TestCluster.ETA, 1, 1));
                shapes.add(checkedShape(legacy.getMessage(), path));
            }
            // what lies inside still trains, named by its absolute path as local-cluster.sh names it
            assertTrue(node.client().run_task(task(data.resolve("train_letters1.txt").toString())).isAccepted());
        }
        assertEquals(1, shapes.stream().distinct().count(), "the same refusal for every path outside: " + shapes);
    }

    @Test
    void aCoordinatorStartedByTheScriptsNeitherReadsNorProbesOutsideTheDataDirectory() throws Exception {
        List<String> shapes = new ArrayList<>();
        try (CoordinatorClient client = CoordinatorClient.connect(TestCluster.HOST, coordinatorPort, "")) {
            for (String dir : List.of("..", tmp.toString(), "/etc", "../no-such-dir", "/no-such-dir", "data/../..")) {
                InvalidRequest e = assertThrows(InvalidRequest.class, () -> client.startJob(dir, 1, 1, TestCluster.H,
                        TestCluster.K, TestCluster.ETA, Map.of()), "the coordinator trained on " + dir);
                shapes.add(checkedShape(e.getMessage(), dir));
            }
            String job = client.startJob(data.toString(), 1, 1, TestCluster.H, TestCluster.K, TestCluster.ETA,
                    Map.of());
            JobStatus s = TestCluster.awaitEnd(client, job);
            assertEquals(JobState.SUCCEEDED, s.getState(), s.getError());
        }
        assertEquals(1, shapes.stream().distinct().count(), "the same refusal for every path outside: " + shapes);
    }

    /** @return the message with the requested path taken out, after checking it reveals nothing */
    private String checkedShape(String message, String requested) throws IOException {
        assertTrue(message.contains("outside the data root"), message);
        assertFalse(message.contains(SECRET), message);
        assertFalse(message.contains(data.toRealPath().toString()), "shows the data root: " + message);
        return message.replace(requested, "PATH");
    }

    /**
     * Reads the listening sockets from the kernel's tables rather than connecting to this machine's
     * other addresses: a test sends traffic to loopback only.
     */
    @Test
    void theScriptsServersListenOnLoopbackOnly() throws Exception {
        List<String> lines = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path p = Path.of(table);
            if (Files.isReadable(p)) {
                lines.addAll(Files.readAllLines(p));
            }
        }
        org.junit.jupiter.api.Assumptions.assumeFalse(lines.isEmpty(), "no /proc/net/tcp on this system");
        for (int port : List.of(nodePort, coordinatorPort)) {
            assertEquals(List.of("127.0.0.1"), listeningAddresses(lines, port), "port " + port);
        }
    }

    /** @return the local addresses listening on the port, as "127.0.0.1", "any" or the kernel's hex */
    private static List<String> listeningAddresses(List<String> procNetTcp, int port) {
        String hexPort = String.format("%04X", port);
        List<String> out = new ArrayList<>();
        for (String line : procNetTcp) {
            String[] f = line.trim().split("\\s+");
            String[] local = f[1].split(":");
            if (local.length == 2 && local[1].equals(hexPort) && f[3].equals("0A")) { // 0A: LISTEN
                out.add(readable(local[0]));
            }
        }
        return out;
    }

    /** IPv4 as the kernel prints it (little-endian hex), or IPv6, where Java's sockets usually are. */
    private static String readable(String hex) {
        if (hex.matches("0+")) {
            return "any";
        }
        boolean loopback = hex.equals("0100007F") || hex.equals("0000000000000000FFFF00000100007F");
        return loopback ? "127.0.0.1" : hex;
    }

}
