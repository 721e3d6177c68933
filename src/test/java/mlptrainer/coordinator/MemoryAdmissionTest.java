package mlptrainer.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mlptrainer.SizeLimits;
import mlptrainer.client.CoordinatorClient;
import mlptrainer.rpc.gen.InvalidRequest;
import mlptrainer.rpc.gen.JobFailed;
import mlptrainer.rpc.gen.JobModel;
import mlptrainer.rpc.gen.JobState;
import mlptrainer.rpc.gen.JobStatus;
import mlptrainer.testing.TestCluster;
import mlptrainer.testing.TestData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memory is admitted, not hoped for: a coordinator in its own JVM at -Xmx64m, as the scripts
 * start it, with real compute nodes on loopback. Requests that cannot fit are refused up front
 * with the figures; requests that are accepted run to the end, model included; finished models do
 * not pile up in the heap.
 */
class MemoryAdmissionTest {
    private static final String HEAP = "-Xmx64m";
    /** The letters data's shape: 16 features, 26 classes. */
    private static final int D = 16;
    private static final int K = 26;

    @TempDir
    Path root;
    private TestCluster cluster;
    private Process coordinator;

    @AfterEach
    void stop() throws InterruptedException {
        if (coordinator != null) {
            coordinator.destroyForcibly();
            coordinator.waitFor(10, TimeUnit.SECONDS);
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void theLargestDocumentedModelIsRefusedUpFrontWithTheFigures() throws Exception {
        int port = startCoordinator(2, 2);
        try (CoordinatorClient c = CoordinatorClient.connect(TestCluster.HOST, port, "")) {
            InvalidRequest e = assertThrows(InvalidRequest.class,
                    () -> c.startJob("data", 2, 1, SizeLimits.MAX_HIDDEN, SizeLimits.MAX_CLASSES, 0.001, Map.of()));
            assertTrue(e.getMessage().matches("job needs about [\\d.]+ MB \\(h 4096, k 1024: [\\d.]+ MB of weights x \\d+ "
                    + "copies \\+ [\\d.]+ MB of data\\); this coordinator can give jobs [\\d.]+ MB \\(heap [\\d.]+ MB\\); .*"
                    + "-Xmx"), e.getMessage());
            assertEquals(JobState.SUCCEEDED, run(c, 2, 8), "the coordinator serves on after the refusal");
        }
    }

    @Test
    void theTopOfTheAcceptedRangeRunsToTheEndModelIncluded() throws Exception {
        int port = startCoordinator(2, 2);
        try (CoordinatorClient c = CoordinatorClient.connect(TestCluster.HOST, port, "")) {
            String id = c.startJob("data", 2, 1, SizeLimits.MAX_HIDDEN, K, 0.0001, Map.of());
            JobStatus s = awaitEnd(c, id);
            assertEquals(JobState.SUCCEEDED, s.getState(), () -> "job failed: " + s.getError());
            JobModel m = c.model(id);
            assertEquals(SizeLimits.MAX_HIDDEN, m.getH());
            assertEquals(SizeLimits.MAX_HIDDEN + 1, m.getLast().getV().size());
            assertEquals(D + 1, m.getBest().getW().size());
        }
    }

    @Test
    void sixtyJobsInARowKeepEveryModelWithoutFillingTheHeap() throws Exception {
        int port = startCoordinator(2, 2);
        int h = 2900; // about 1 MB of weights a model (under the old 1 MB field limit): 60 do not fit in 64 MB
        try (CoordinatorClient c = CoordinatorClient.connect(TestCluster.HOST, port, "")) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                String id = c.startJob("data", 1, 1, h, K, 0.0001, Map.of());
                JobStatus s = awaitEnd(c, id);
                assertEquals(JobState.SUCCEEDED, s.getState(), () -> "job " + id + " failed: " + s.getError());
                ids.add(id);
            }
            assertTrue(modelFiles() >= 50, "models beyond the memory budget are on disk: " + modelFiles());
            for (String id : List.of(ids.get(0), ids.get(29), ids.get(59))) {
                assertEquals(JobState.SUCCEEDED, c.awaitStatus(id).getState(), "status of job " + id);
                assertEquals(h, c.model(id).getH(), "model of job " + id);
            }
        }
    }

    @Test
    void aDataFileTooLargeForTheHeapIsRefusedBySizeBeforeItIsRead() throws Exception {
        int port = startCoordinator(2, 2);
        Path big = root.resolve("data/validate_letters.txt");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(12L << 20); // zeros: read, they would be refused as "not an integer" instead
        }
        try (CoordinatorClient c = CoordinatorClient.connect(TestCluster.HOST, port, "")) {
            InvalidRequest e = assertThrows(InvalidRequest.class,
                    () -> c.startJob("data", 1, 1, 8, K, 0.001, Map.of()));
            assertTrue(e.getMessage().startsWith("data/validate_letters.txt is 12 MB: reading it may take up to "),
                    e.getMessage());
            assertTrue(e.getMessage().contains("this coordinator can give jobs"), e.getMessage());
        }
    }

    @Test
    void withoutACheckpointDirectoryADroppedModelIsReportedNotSilentlyLost(@TempDir Path other) throws Exception {
        TestData.write(other.resolve("data"), 2, 20, D, K, 5);
        try (TestCluster local = new TestCluster(other)) {
            local.nodes(2);
            CoordinatorConfig config = new CoordinatorConfig(1, local.addresses(),
                    new mlptrainer.data.DataRoot(other), TestCluster.scheduler(30_000, 30_000), 4096, 15_000, 1)
                    .withMemory(256L << 20, 1L << 20);
            try (CoordinatorServer server = CoordinatorServer.start(config,
                    mlptrainer.rpc.ServerOptions.onPort(0).withBindAddress(TestCluster.HOST));
                    CoordinatorClient c = CoordinatorClient.connect(TestCluster.HOST, server.port(), "")) {
                String first = runTo(c, 2000);
                String second = runTo(c, 2000);
                JobFailed e = assertThrows(JobFailed.class, () -> c.model(first));
                assertTrue(e.getMessage().contains("job " + first + "'s model")
                        && e.getMessage().contains("no longer kept"),
                        e.getMessage());
                assertEquals(2000, c.model(second).getH(), "the newest model is kept");
                assertEquals(JobState.SUCCEEDED, c.awaitStatus(first).getState(), "the dropped job's status stays");
            }
        }
    }

    /** @return the model files the coordinator moved out of memory, under its checkpoint directory */
    private long modelFiles() throws IOException {
        try (var dirs = Files.list(root.resolve("checkpoints"))) {
            return dirs.filter(d -> d.getFileName().toString().startsWith("finished-models-")).mapToLong(d -> {
                try (var files = Files.list(d)) {
                    return files.count();
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        }
    }

    /**
     * Follows a job by status calls that wait for news (up to 2 s each); a job that makes no
     * progress through 60 such calls in a row is stuck (a coordinator out of memory leaves its job
     * RUNNING for ever), which fails the test instead of hanging it.
     */
    private static JobStatus awaitEnd(CoordinatorClient c, String id) throws Exception {
        JobStatus s = c.awaitStatus(id);
        int quiet = 0;
        while (s.getState() == JobState.RUNNING) {
            JobStatus next = c.awaitStatus(id);
            boolean news = next.getRound() != s.getRound() || next.getTasks_done() != s.getTasks_done()
                    || next.getRetries() != s.getRetries() || next.getState() != s.getState();
            quiet = news ? 0 : quiet + 1;
            if (quiet == 60) {
                throw new AssertionError("job " + id + " is stuck RUNNING: " + next);
            }
            s = next;
        }
        return s;
    }

    @Test
    void aRunningJobsMemoryCountsAgainstTheNextUntilItEnds(@TempDir Path other) throws Exception {
        TestData.write(other.resolve("data"), 2, 20, D, K, 5);
        TestData.write(other.resolve("data2"), 2, 20, D, K, 5);
        try (TestCluster local = new TestCluster(other)) {
            local.node(1.0, 600_000); // every task waits 10 minutes: the first job runs until cancelled
            CoordinatorConfig config = new CoordinatorConfig(1, local.addresses(),
                    new mlptrainer.data.DataRoot(other), TestCluster.scheduler(900_000, 900_000), 4096, 15_000, 1)
                    .withMemory(40L << 20, 1L << 20); // 21 MB for jobs: one of h 2048 (12 MB), not two
            try (CoordinatorServer server = CoordinatorServer.start(config,
                    mlptrainer.rpc.ServerOptions.onPort(0).withBindAddress(TestCluster.HOST));
                    CoordinatorClient c = CoordinatorClient.connect(TestCluster.HOST, server.port(), "")) {
                String first = c.startJob("data", 1, 1, 2048, K, 0.001, Map.of());
                InvalidRequest busy = assertThrows(InvalidRequest.class,
                        () -> c.startJob("data2", 1, 1, 2048, K, 0.001, Map.of()));
                assertTrue(busy.getMessage().contains("held by 1 running job); wait for a running job to end"),
                        busy.getMessage());
                server.jobs().get(first).cancel();
                assertEquals(JobState.CANCELLED, awaitEnd(c, first).getState());
                String second = c.startJob("data2", 1, 1, 2048, K, 0.001, Map.of());
                server.jobs().get(second).cancel();
                assertEquals(JobState.CANCELLED, awaitEnd(c, second).getState());
            }
        }
    }

    private static String runTo(CoordinatorClient c, int h) throws Exception {
        String id = c.startJob("data", 1, 1, h, K, 0.001, Map.of());
        assertEquals(JobState.SUCCEEDED, awaitEnd(c, id).getState());
        return id;
    }

    private static JobState run(CoordinatorClient c, int rounds, int h) throws Exception {
        return awaitEnd(c, c.startJob("data", rounds, 1, h, K, 0.001, Map.of())).getState();
    }

    /** Writes the data, starts nodes in this JVM and a coordinator in its own at {@link #HEAP}; returns its port. */
    private int startCoordinator(int shards, int nodes) throws Exception {
        TestData.write(root.resolve("data"), shards, 20, D, K, 5);
        cluster = new TestCluster(root);
        cluster.nodes(nodes);
        Path list = root.resolve("nodes.txt");
        StringBuilder text = new StringBuilder();
        cluster.addresses().forEach(a -> text.append(a.host()).append(',').append(a.port()).append('\n'));
        Files.writeString(list, text);
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                HEAP, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-DLOG_LEVEL=INFO", "-cp",
                System.getProperty("java.class.path"), "mlptrainer.cli.CoordinatorCommand", "0", "1", "--nodes",
                list.toString(), "--bind", TestCluster.HOST, "--data-root", root.toString(), "--checkpoint-dir",
                root.resolve("checkpoints").toString(), "--seed", "1", "--http", "off");
        pb.redirectErrorStream(true);
        coordinator = pb.start();
        return TestCluster.awaitListeningPort(coordinator);
    }

}
