package mlptrainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import mlptrainer.client.ModelFile;
import mlptrainer.client.WireMapping;
import mlptrainer.data.DataRoot;
import mlptrainer.model.MlpWeights;
import mlptrainer.testing.TestCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one-JVM local cluster ({@code local}, {@link LocalCluster}): its job ends with the model a
 * cluster of in-process servers reaches on the same data, to the bit, and it leaves no server
 * thread running and no port open.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class LocalClusterCommandTest {
    private static final Pattern PORTS = Pattern.compile(
            "local: 2 node\\(s\\) on ports \\[(\\d+), (\\d+)\\], coordinator on port (\\d+),");
    /** Started once per JVM on purpose, and left to end by itself: not one of the cluster's threads. */
    private static final Set<String> JVM_WIDE = Set.of("kernel-warmup");

    @TempDir
    Path tmp;

    @Test
    void aJobInOneJvmEndsWithTheInProcessClustersModelToTheBitAndLeavesNoThreadOrPortOpen() throws Exception {
        Path data = TestCluster.writeData(tmp, TestCluster.DIR);
        Path saved = tmp.resolve("local.model");
        Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());

        CliRun run = CliRun.of(new LocalClusterCommand(), "-n", "2", "--http", "0", "--work-dir",
                Files.createDirectories(tmp.resolve("work")).toString(), data.toString(),
                String.valueOf(TestCluster.ROUNDS), String.valueOf(TestCluster.EPOCHS), String.valueOf(TestCluster.H),
                String.valueOf(TestCluster.ETA), "--", "--k", String.valueOf(TestCluster.K), "--save-model",
                saved.toString());

        assertEquals(ExitCodes.OK, run.exitCode(), run.err());
        Matcher ports = PORTS.matcher(run.err());
        assertTrue(ports.find(), run.err());
        for (int g = 1; g <= 3; g++) {
            assertFree(Integer.parseInt(ports.group(g)));
        }
        assertNoThreadLeftBut(before);

        TestCluster.JobResult reference = inProcessCluster(2);
        MlpWeights expected = WireMapping.models(reference.model()).last().weights();
        assertEquals(expected, ModelFile.read(saved, "local.model").weights(), "the weights, to the bit");
        assertTrue(run.out().contains(String.format("Final validation error: %.4f%n", reference.finalError())),
                run.out());
    }

    @Test
    void theDashboardIsServedWhileTheClusterRunsAndItsPortIsFreeAfter() throws Exception {
        Path data = TestCluster.writeData(tmp, TestCluster.DIR);
        Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
        int port;
        try (LocalCluster cluster = LocalCluster.start(new LocalCluster.Settings(1, 1, new double[] {0}, 0,
                new DataRoot(data), null, 0, 0))) {
            String url = cluster.awaitDashboard();
            assertNotNull(url, "no dashboard");
            port = URI.create(url).getPort();
            try (var s = new java.net.Socket(LocalCluster.HOST, port)) {
                assertTrue(s.isConnected());
            }
        }
        assertFree(port);
        assertNoThreadLeftBut(before);
    }

    private TestCluster.JobResult inProcessCluster(int nodes) throws Exception {
        try (TestCluster cluster = new TestCluster(tmp)) {
            cluster.nodes(nodes);
            cluster.coordinator(1);
            return cluster.runJob(TestCluster.DIR, TestCluster.ROUNDS, TestCluster.EPOCHS, TestCluster.H,
                    TestCluster.ETA, Map.of());
        }
    }

    private static void assertFree(int port) throws IOException {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getByName(LocalCluster.HOST))) {
            assertEquals(port, s.getLocalPort());
        }
    }

    /**
     * Waits (30 s at most: threads end a moment after their executor is shut down) until every
     * live thread was there before, or is started once per JVM on purpose.
     */
    private static void assertNoThreadLeftBut(Set<Thread> before) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        List<String> left = new ArrayList<>();
        do {
            left = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.isAlive() && !before.contains(t) && !JVM_WIDE.contains(t.getName()))
                    .map(Thread::getName).sorted().collect(Collectors.toList());
            if (left.isEmpty()) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(50);
        } while (System.nanoTime() < deadline);
        assertEquals(List.of(), left, "threads left running");
    }
}
