package mlptrainer.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import mlptrainer.client.CoordinatorClient;
import mlptrainer.data.DataRoot;
import mlptrainer.model.MlpWeights;
import mlptrainer.node.ComputeNodeServer;
import mlptrainer.node.NodeConfig;
import mlptrainer.rpc.ServerOptions;
import mlptrainer.rpc.gen.JobState;
import mlptrainer.rpc.gen.JobStatus;
import mlptrainer.rpc.gen.NodeStat;
import mlptrainer.testing.TestCluster;
import mlptrainer.testing.TestData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 item 8: checkpoints of finished jobs are removed, those of interrupted jobs kept up to
 * {@link CheckpointStore#KEPT}, and a data directory is one directory however the client spells it
 * for the checkpoint a resume finds; jobs on one directory run side by side.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CheckpointLifecycleTest {
    private static final int ROUNDS = 5;
    private static final int SHARDS = 3;
    @TempDir
    Path tmp;
    private Path checkpoints;
    private final List<AutoCloseable> servers = new ArrayList<>();
    private final List<NodeAddress> nodes = new ArrayList<>();

    /** Nodes inject 30 ms of load per task, so a job lasts long enough to be stopped inside it. */
    @BeforeEach
    void startNodes() throws IOException {
        TestData.write(tmp.resolve("data"), SHARDS, 40, 4, 3, 7L);
        checkpoints = tmp.resolve("ckpt");
        for (int i = 0; i < 2; i++) {
            ComputeNodeServer node = ComputeNodeServer.start(new NodeConfig(1.0, 30, 1, new DataRoot(tmp), 8, 1L),
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

    private CoordinatorServer coordinator() throws IOException {
        CoordinatorConfig config = new CoordinatorConfig(1, nodes, new DataRoot(tmp), SchedulerOptions.DEFAULTS,
                64, 15_000, 3L, checkpoints);
        CoordinatorServer c = CoordinatorServer.start(config, ServerOptions.onPort(0).withBindAddress("127.0.0.1"));
        servers.add(c);
        return c;
    }

    private static CoordinatorClient client(CoordinatorServer c) throws Exception {
        return CoordinatorClient.connect("127.0.0.1", c.port(), "");
    }

    private List<Path> checkpointFiles() throws IOException {
        if (!Files.isDirectory(checkpoints)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(checkpoints)) {
            return files.toList();
        }
    }

    @Test
    void aSucceededJobLeavesNoCheckpoint() throws Exception {
        try (CoordinatorClient client = client(coordinator())) {
            String job = client.startJob("data", ROUNDS, 2, 5, 3, 0.01, Map.of(), false);
            JobStatus s = TestCluster.awaitEnd(client, job);
            assertEquals(JobState.SUCCEEDED, s.getState(), s.getError());
        }
        assertEquals(List.of(), checkpointFiles(), "a finished job has nothing to resume");
    }

    @Test
    void jobsOnTheSameDirectorySpeltAnotherWayRunSideBySide() throws Exception {
        try (CoordinatorClient client = client(coordinator())) {
            String first = client.startJob("data/", 100_000, 2, 5, 3, 0.01, Map.of(), false);
            assertEquals(JobState.RUNNING, TestCluster.awaitRound(client, first, 1).getState());
            for (String sameDir : List.of("data/../data", "./data", tmp.resolve("data").toString())) {
                String other = client.startJob(sameDir, 1, 1, 5, 3, 0.01, Map.of(), false);
                JobStatus s = TestCluster.awaitEnd(client, other);
                assertEquals(JobState.SUCCEEDED, s.getState(), sameDir + ": " + s.getError());
            }
            assertEquals(JobState.RUNNING, client.status(first).getState());
            client.cancel(first);
        }
    }

    /** A job on "data/" stopped after round 2 is resumed by a request naming "./data/../data". */
    @Test
    void aResumeFindsTheCheckpointHoweverTheDirectoryIsSpelt() throws Exception {
        CoordinatorServer first = coordinator();
        try (CoordinatorClient client = client(first)) {
            String job = client.startJob("data/", ROUNDS, 2, 5, 3, 0.01, Map.of(), false);
            assertTrue(TestCluster.awaitRound(client, job, 2).getRound() >= 2);
        }
        first.close();
        assertEquals(1, checkpointFiles().size(), checkpointFiles().toString());
        try (CoordinatorClient client = client(coordinator())) {
            String job = client.startJob("./data/../data", ROUNDS, 2, 5, 3, 0.01, Map.of(), true);
            JobStatus s = TestCluster.awaitEnd(client, job);
            assertEquals(JobState.SUCCEEDED, s.getState(), s.getError());
            int tasks = s.getNodes().stream().mapToInt(NodeStat::getTasks_accepted).sum();
            assertTrue(tasks < ROUNDS * SHARDS, "resumed after round 2 or later, not from the start: " + tasks
                    + " tasks");
        }
        assertEquals(List.of(), checkpointFiles());
    }

    /** Interrupted jobs' checkpoints stay for a resume, up to KEPT, the least recently written removed first. */
    @Test
    void atMostKeptCheckpointsStayTheOldestRemovedFirst() throws Exception {
        CheckpointStore store = new CheckpointStore(checkpoints, new DataRoot(tmp));
        MlpWeights w = MlpWeights.initUniform(4, 2, 3, 1L);
        int extra = 3;
        long base = System.currentTimeMillis() - 3_600_000L;
        for (int i = 0; i < CheckpointStore.KEPT + extra; i++) {
            JobSpec spec = JobSpec.course("dir" + i, ROUNDS, 1, 2, 3, 0.1);
            store.save("1", new Checkpoint(spec, "hash", 2, w, w, 1, 0.5, List.of()));
            // distinct write times, oldest first, whatever the file system's clock resolution
            Files.setLastModifiedTime(store.pathFor("1", spec.dir()), FileTime.fromMillis(base + i * 1000L));
        }
        assertEquals(CheckpointStore.KEPT, checkpointFiles().size());
        for (int i = 0; i < CheckpointStore.KEPT + extra; i++) {
            assertEquals(i >= extra, Files.exists(store.pathFor("1", "dir" + i)), "checkpoint of dir" + i);
        }
        assertFalse(checkpointFiles().stream().anyMatch(p -> p.toString().endsWith(".tmp")));
    }

    /**
     * A save that adds a checkpoint leaves the temporary file of another job's save in progress
     * alone (deleting it made that save fail); a store that starts removes those a stopped
     * coordinator left.
     */
    @Test
    void aSaveLeavesAnotherSavesTemporaryFileAndAStartRemovesLeftovers() throws Exception {
        CheckpointStore store = new CheckpointStore(checkpoints, new DataRoot(tmp));
        Files.createDirectories(checkpoints);
        Path otherSave = Files.createTempFile(checkpoints, "checkpoint-", ".tmp");
        MlpWeights w = MlpWeights.initUniform(4, 2, 3, 1L);
        store.save("1", new Checkpoint(JobSpec.course("dirA", ROUNDS, 1, 2, 3, 0.1), "hash", 2, w, w, 1, 0.5, List.of()));
        assertTrue(Files.exists(otherSave), "another job's save in progress lost its temporary file");
        new CheckpointStore(checkpoints, new DataRoot(tmp));
        assertFalse(Files.exists(otherSave), "a leftover temporary file stayed after a start");
    }
}
