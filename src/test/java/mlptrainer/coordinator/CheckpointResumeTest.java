package mlptrainer.coordinator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mlptrainer.client.CoordinatorClient;
import mlptrainer.data.DataRoot;
import mlptrainer.node.ComputeNodeServer;
import mlptrainer.node.NodeConfig;
import mlptrainer.rpc.ServerOptions;
import mlptrainer.rpc.gen.InvalidRequest;
import mlptrainer.rpc.gen.JobModel;
import mlptrainer.rpc.gen.JobState;
import mlptrainer.rpc.gen.JobStatus;
import mlptrainer.testing.TestData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A coordinator stopped mid-job resumes from its checkpoint and reaches the uninterrupted run's model. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CheckpointResumeTest {
    private static final int ROUNDS = 5;
    @TempDir
    Path tmp;
    private final List<AutoCloseable> servers = new ArrayList<>();
    private final List<NodeAddress> nodes = new ArrayList<>();

    /** Nodes inject 30 ms of load per task, so a round lasts long enough to stop the coordinator inside a job. */
    @BeforeEach
    void startNodes() throws IOException {
        TestData.write(tmp.resolve("data"), 3, 40, 4, 3, 7L);
        for (int i = 0; i < 2; i++) {
            ComputeNodeServer node = ComputeNodeServer.start(new NodeConfig(1.0, 30, 1, new DataRoot(tmp), 8, 1L),
                    ServerOptions.onPort(0).withBindAddress("127.0.0.1"));
            servers.add(node);
            nodes.add(new NodeAddress("127.0.0.1", node.port()));
        }
    }

    @AfterEach
    void stopAll() throws Exception {
        for (AutoCloseable s : servers) {
            s.close();
        }
    }

    private CoordinatorServer coordinator(Path checkpoints) throws IOException {
        CoordinatorConfig config = new CoordinatorConfig(1, nodes, new DataRoot(tmp), SchedulerOptions.DEFAULTS,
                64, 15_000, 3L, checkpoints);
        CoordinatorServer c = CoordinatorServer.start(config, ServerOptions.onPort(0).withBindAddress("127.0.0.1"));
        servers.add(c);
        return c;
    }

    private static JobStatus awaitRound(CoordinatorClient client, String job, int round) throws Exception {
        JobStatus s = client.awaitStatus(job);
        while (s.getState() == JobState.RUNNING && s.getRound() < round) {
            s = client.awaitStatus(job);
        }
        return s;
    }

    private JobModel runToEnd(CoordinatorServer c, boolean resume, double eta) throws Exception {
        return runToEnd(c, resume, eta, Map.of());
    }

    private JobModel runToEnd(CoordinatorServer c, boolean resume, double eta, Map<String, String> settings)
            throws Exception {
        try (CoordinatorClient client = CoordinatorClient.connect("127.0.0.1", c.port(), "")) {
            String job = client.startJob("data", ROUNDS, 20, 5, 3, eta, settings, resume);
            JobStatus s = awaitRound(client, job, ROUNDS + 1);
            assertEquals(JobState.SUCCEEDED, s.getState(), s.getError());
            return client.model(job);
        }
    }

    /** Runs the course request on "data" until round 2 has ended, then stops the coordinator: its checkpoint stays. */
    private void stopAfterRoundTwo(Path checkpoints) throws Exception {
        stopAfterRoundTwo(checkpoints, Map.of());
    }

    private void stopAfterRoundTwo(Path checkpoints, Map<String, String> settings) throws Exception {
        CoordinatorServer first = coordinator(checkpoints);
        try (CoordinatorClient client = CoordinatorClient.connect("127.0.0.1", first.port(), "")) {
            String job = client.startJob("data", ROUNDS, 20, 5, 3, 0.01, settings, false);
            assertTrue(awaitRound(client, job, 2).getRound() >= 2);
        }
        first.close();
    }

    @Test
    void resumedRunEqualsUninterruptedRun() throws Exception {
        JobModel uninterrupted = runToEnd(coordinator(null), false, 0.01);
        Path checkpoints = tmp.resolve("ckpt");
        stopAfterRoundTwo(checkpoints);
        Checkpoint saved = onlyCheckpoint(checkpoints);
        assertTrue(saved.roundsDone() >= 2 && saved.roundsDone() < ROUNDS, "stopped after round " + saved.roundsDone());
        JobModel resumed = runToEnd(coordinator(checkpoints), true, 0.01);
        assertEquals(uninterrupted.getLast(), resumed.getLast());
    }

    /** A strategy without server state resumes too: its shard sample depends on the round only. */
    @Test
    void aStatelessStrategyWithASampleResumesToTheUninterruptedModel() throws Exception {
        Map<String, String> median = Map.of("strategy", "median", "fraction", "0.67");
        JobModel uninterrupted = runToEnd(coordinator(null), false, 0.01, median);
        Path checkpoints = tmp.resolve("ckpt");
        stopAfterRoundTwo(checkpoints, median);
        JobModel resumed = runToEnd(coordinator(checkpoints), true, 0.01, median);
        assertEquals(uninterrupted.getLast(), resumed.getLast());
    }

    private static Checkpoint onlyCheckpoint(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return Checkpoint.fromBytes(Files.readAllBytes(files.findFirst().orElseThrow()));
        }
    }

    /**
     * After a restart, a new job takes an id above the kept checkpoints' (it would otherwise write
     * over the stopped job's checkpoint), and the resume continues the stopped job under its id.
     */
    @Test
    void aRestartedCoordinatorResumesTheStoppedJobUnderItsIdAndGivesNewJobsOthers() throws Exception {
        Path checkpoints = tmp.resolve("ckpt");
        stopAfterRoundTwo(checkpoints);
        CoordinatorServer c = coordinator(checkpoints);
        try (CoordinatorClient client = CoordinatorClient.connect("127.0.0.1", c.port(), "")) {
            String fresh = client.startJob("data", ROUNDS, 20, 5, 3, 0.02, Map.of(), false);
            assertEquals("2", fresh, "the stopped job was job 1");
            String resumed = client.startJob("data", ROUNDS, 20, 5, 3, 0.01, Map.of(), true);
            assertEquals("1", resumed);
            assertTrue(client.status(resumed).getRound() >= 2, "resumed after round 2 or later");
            assertEquals(JobState.SUCCEEDED, awaitRound(client, resumed, ROUNDS + 1).getState());
            assertEquals(JobState.SUCCEEDED, awaitRound(client, fresh, ROUNDS + 1).getState());
        }
    }

    @Test
    void checkpointOfAnotherRequestOrOtherDataIsRefused() throws Exception {
        Path checkpoints = tmp.resolve("ckpt");
        stopAfterRoundTwo(checkpoints);
        CoordinatorServer c = coordinator(checkpoints);
        try (CoordinatorClient client = CoordinatorClient.connect("127.0.0.1", c.port(), "")) {
            InvalidRequest other = assertThrows(InvalidRequest.class,
                    () -> client.startJob("data", ROUNDS, 20, 5, 3, 0.02, Map.of(), true));
            assertTrue(other.getMessage().contains("another request"), other.getMessage());
            Files.writeString(tmp.resolve("data/train_letters2.txt"), "1,2,3,4,0\n");
            InvalidRequest data = assertThrows(InvalidRequest.class,
                    () -> client.startJob("data", ROUNDS, 20, 5, 3, 0.01, Map.of(), true));
            assertTrue(data.getMessage().contains("other data"), data.getMessage());
        }
    }

    @Test
    void damagedCheckpointIsRefused() throws Exception {
        Path checkpoints = tmp.resolve("ckpt");
        stopAfterRoundTwo(checkpoints);
        CoordinatorServer c = coordinator(checkpoints);
        Path file;
        try (var files = Files.list(checkpoints)) {
            file = files.findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 1;
        Files.write(file, bytes);
        try (CoordinatorClient client = CoordinatorClient.connect("127.0.0.1", c.port(), "")) {
            InvalidRequest e = assertThrows(InvalidRequest.class,
                    () -> client.startJob("data", ROUNDS, 20, 5, 3, 0.01, Map.of(), true));
            assertTrue(e.getMessage().contains("checksum"), e.getMessage());
        }
    }

    @Test
    void checkpointRoundTripsExactly() throws Exception {
        var w = mlptrainer.model.MlpWeights.initUniform(3, 2, 2, 5L);
        Checkpoint c = new Checkpoint(new JobSpec("d", 4, 5, 2, 2, 0.1, Map.of("a", "b"), false), "abc", 2, w,
                w.copy(), 1, 0.25, List.of(new RoundResult(1, 0.5, 0.4, 10, 3)));
        Checkpoint back = Checkpoint.fromBytes(c.toBytes());
        assertEquals(c.spec(), back.spec());
        assertArrayEquals(w.w(), back.last().w());
        assertArrayEquals(w.v(), back.best().v());
        assertEquals(c.rounds(), back.rounds());
    }
}
