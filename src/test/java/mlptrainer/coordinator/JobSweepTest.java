package mlptrainer.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import mlptrainer.cli.Cli;
import mlptrainer.cli.ClientCommand;
import mlptrainer.client.CoordinatorClient;
import mlptrainer.data.DataRoot;
import mlptrainer.node.ComputeNodeServer;
import mlptrainer.node.NodeConfig;
import mlptrainer.rpc.ServerOptions;
import mlptrainer.rpc.gen.InvalidRequest;
import mlptrainer.rpc.gen.JobState;
import mlptrainer.rpc.gen.JobStatus;
import mlptrainer.testing.TestCluster;
import mlptrainer.testing.TestData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17: a sweep of settings on one data directory runs side by side, each job with its own
 * checkpoint (keyed by the job), and a resume continues the job whose checkpoint it found, under
 * that job's id, from the round the checkpoint names.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class JobSweepTest {
    private static final int ROUNDS = 6;
    private static final double ETA_A = 0.01;
    private static final double ETA_B = 0.03;
    @TempDir
    Path tmp;
    private Path checkpoints;
    private final List<AutoCloseable> servers = new ArrayList<>();
    private final List<NodeAddress> nodes = new ArrayList<>();

    @BeforeEach
    void startNodes() throws IOException {
        TestData.write(tmp.resolve("data"), 3, 40, 4, 3, 7L);
        checkpoints = tmp.resolve("ckpt");
        for (int i = 0; i < 2; i++) {
            ComputeNodeServer node = ComputeNodeServer.start(new NodeConfig(0.0, 0, 2, new DataRoot(tmp), 8, 1L),
                    ServerOptions.onPort(0).withBindAddress("127.0.0.1"));
            servers.add(node);
            nodes.add(new NodeAddress("127.0.0.1", node.port()));
        }
    }

    @AfterEach
    void stopAll() throws Exception {
        for (int i = servers.size() - 1; i >= 0; i--) {
            servers.get(i).close();
        }
    }

    private CoordinatorServer coordinator(Path checkpointDir) throws IOException {
        CoordinatorConfig config = new CoordinatorConfig(1, nodes, new DataRoot(tmp), SchedulerOptions.DEFAULTS,
                64, 15_000, 3L, checkpointDir);
        CoordinatorServer c = CoordinatorServer.start(config, ServerOptions.onPort(0).withBindAddress("127.0.0.1"));
        servers.add(c);
        return c;
    }

    private static String start(CoordinatorClient client, String dir, double eta, boolean resume) throws Exception {
        return client.startJob(dir, ROUNDS, 10, 5, 3, eta, Map.of(), resume);
    }

    private static double succeeded(CoordinatorClient client, String job) throws Exception {
        JobStatus s = TestCluster.awaitEnd(client, job);
        assertEquals(JobState.SUCCEEDED, s.getState(), s.getError());
        return s.getFinal_error();
    }

    private List<String> checkpointFiles() throws IOException {
        if (!Files.isDirectory(checkpoints)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(checkpoints)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("checkpoint-")).sorted()
                    .toList();
        }
    }

    @Test
    void twoSettingsOnOneDirectoryRunSideBySideAsEachAloneAndResumeUnderTheirOwnIds() throws Exception {
        double aloneA;
        double aloneB;
        try (CoordinatorClient client = CoordinatorClient.connect("127.0.0.1", coordinator(null).port(), "")) {
            aloneA = succeeded(client, start(client, "data", ETA_A, false));
            aloneB = succeeded(client, start(client, "data", ETA_B, false));
        }
        CoordinatorServer c = coordinator(checkpoints);
        try (CoordinatorClient client = CoordinatorClient.connect("127.0.0.1", c.port(), "")) {
            String a = start(client, "data", ETA_A, false);
            String b = start(client, "./data", ETA_B, false); // the same directory, spelt another way
            assertEquals(aloneA, succeeded(client, a));
            assertEquals(aloneB, succeeded(client, b));
            assertEquals(List.of(), checkpointFiles(), "finished jobs leave no checkpoint");

            StoppedPair stopped = stopBothAfterRoundTwo(c, client);
            List<String> files = checkpointFiles();
            assertEquals(2, files.size(), files.toString());
            assertTrue(files.get(0).endsWith("-job" + stopped.a + ".bin") || files.get(1).endsWith("-job" + stopped.a
                    + ".bin"), "job " + stopped.a + " keeps its own checkpoint: " + files);
            assertTrue(files.stream().anyMatch(f -> f.endsWith("-job" + stopped.b + ".bin")), files.toString());

            assertEquals(stopped.b, start(client, "data/", ETA_B, true), "a resume continues the job it resumes");
            JobStatus first = client.status(stopped.b);
            assertTrue(first.getRound() >= 2 && first.getRound() < ROUNDS,
                    "the first status names the round resumed after: " + first.getRound());
            String clientOut = resumeWithTheClient(c, ETA_A);
            assertTrue(Pattern.compile("^resuming job " + stopped.a + " after round [2-5]/" + ROUNDS + ": dir data, ")
                    .matcher(clientOut).find(), clientOut);
            assertEquals(aloneA, succeeded(client, stopped.a));
            assertEquals(aloneB, succeeded(client, stopped.b));
            assertEquals(List.of(), checkpointFiles());
        }
    }

    /** Runs {@code client ... --resume} in-process to its end; returns what it printed. */
    private static String resumeWithTheClient(CoordinatorServer c, double eta) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.run(new ClientCommand(), new PrintWriter(out, true), new PrintWriter(err, true), "127.0.0.1",
                String.valueOf(c.port()), "data", String.valueOf(ROUNDS), "10", "5", String.valueOf(eta), "--k", "3",
                "--resume");
        assertEquals(0, code, err.toString());
        return out.toString();
    }

    private record StoppedPair(String a, String b) {
    }

    /**
     * Starts both jobs, holds each job's thread once it has published round 2 (its checkpoint is
     * written before that), cancels both and lets them go: both end CANCELLED and keep their checkpoints.
     */
    private StoppedPair stopBothAfterRoundTwo(CoordinatorServer c, CoordinatorClient client) throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch held = new CountDownLatch(2);
        c.jobs().faultHooks().inRoundLoop = () -> holdAfterRoundTwo(c.jobs(), held, release);
        String a = start(client, "data", ETA_A, false);
        String b = start(client, "data", ETA_B, false);
        assertTrue(held.await(120, TimeUnit.SECONDS), "both jobs reached round 2");
        client.cancel(a);
        client.cancel(b);
        release.countDown();
        c.jobs().faultHooks().inRoundLoop = () -> { };
        assertEquals(JobState.CANCELLED, TestCluster.awaitEnd(client, a).getState());
        assertEquals(JobState.CANCELLED, TestCluster.awaitEnd(client, b).getState());
        InvalidRequest other = assertThrows(InvalidRequest.class, () -> start(client, "data", 0.05, true));
        assertTrue(other.getMessage().contains("another request"), other.getMessage());
        return new StoppedPair(a, b);
    }

    private static void holdAfterRoundTwo(JobManager jobs, CountDownLatch held, CountDownLatch release) {
        String thread = Thread.currentThread().getName();
        JobRun run = thread.startsWith("job-") ? jobs.get(thread.substring(4)) : null;
        if (run == null || run.progress().round() < 2 || release.getCount() == 0) {
            return;
        }
        held.countDown();
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
