package mlptrainer.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import mlptrainer.client.CoordinatorClient;
import mlptrainer.data.SyntheticData;
import mlptrainer.rpc.gen.InvalidRequest;
import mlptrainer.rpc.gen.JobState;
import mlptrainer.rpc.gen.NodeStat;
import mlptrainer.testing.TestCluster;
import mlptrainer.testing.TestCluster.JobResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every strategy gives the same final model, bit for bit, on two clusters that share nothing but
 * the data: one node under round-robin, and three nodes under the random policy with a node that
 * is down (connection failures and retries) and a slow node whose tasks get backup copies. The
 * shards differ in size, so that fedavg's weights matter, and there are 6 of them, so that Krum
 * with f = 1 has the 2f + 3 it needs. Each strategy's model must also differ from the course
 * mean's: the setting took effect. Both clusters live for the whole class and run the jobs one
 * after another, which keeps the CPU time to a few tiny jobs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class StrategyDeterminismTest {
    private static final String DIR = "uneven";
    private static final int[] SHARD_ROWS = {60, 30, 45, 60, 20, 50};
    private TestCluster plain;
    private TestCluster faulty;
    private JobResult courseMean;
    private int deadPort;
    private int faultyRetries;
    private int deadNodeFailures;

    @BeforeAll
    void startClusters(@TempDir Path root) throws Exception {
        writeUnevenShards(root.resolve(DIR));
        plain = new TestCluster(root).nodes(1);
        plain.coordinator(3);
        faulty = new TestCluster(root);
        deadPort = faulty.deadNode().port();
        faulty.node(1.0, 300); // every task sleeps 300 ms first: backups overtake it
        faulty.nodes(2);
        faulty.coordinator(1, TestCluster.scheduler(60_000, 60_000).withSpeculation(2.0, 50));
        courseMean = run(plain, Map.of());
    }

    @AfterAll
    void stopClusters() {
        // evidence that the faulty cluster's runs went through retries; not asserted, as it depends on timing
        System.out.println("STRATEGIES faulty cluster: " + faultyRetries + " retries, " + deadNodeFailures
                + " attempts on the dead node");
        if (faulty != null) {
            faulty.close();
        }
        if (plain != null) {
            plain.close();
        }
    }

    /** 6 shards of the clustered synthetic data, cut to different row counts. */
    private static void writeUnevenShards(Path dir) throws IOException {
        SyntheticData.writeClustered(dir, SHARD_ROWS.length, 60, TestCluster.FEATURES, TestCluster.K, 19);
        for (int s = 0; s < SHARD_ROWS.length; s++) {
            Path shard = dir.resolve("train_letters" + (s + 1) + ".txt");
            List<String> rows = Files.readAllLines(shard);
            Files.write(shard, rows.subList(0, SHARD_ROWS[s]));
        }
    }

    static Stream<Arguments> strategies() {
        return Stream.of(
                Arguments.of(Map.of("strategy", "fedavg")),
                Arguments.of(Map.of("strategy", "fedprox", "mu", "2")),
                Arguments.of(Map.of("strategy", "fedavgm", "server_momentum", "0.5")),
                Arguments.of(Map.of("strategy", "fedadam", "server_lr", "0.003")),
                Arguments.of(Map.of("strategy", "fedyogi", "server_lr", "0.003")),
                Arguments.of(Map.of("strategy", "fedadagrad", "server_lr", "0.003")),
                Arguments.of(Map.of("strategy", "median")),
                Arguments.of(Map.of("strategy", "trimmed_mean", "trim", "0.2")),
                Arguments.of(Map.of("strategy", "krum", "krum_f", "1")),
                Arguments.of(Map.of("strategy", "multi_krum", "krum_f", "1", "krum_m", "3")),
                Arguments.of(Map.of("fraction", "0.5", "sample_seed", "3")),
                Arguments.of(Map.of("strategy", "median", "fraction", "0.7")));
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void theModelIsTheSameBitForBitOnEitherCluster(Map<String, String> settings) throws Exception {
        JobResult one = run(plain, settings);
        JobResult other = run(faulty, settings);
        faultyRetries += other.status().getRetries();
        deadNodeFailures += other.status().getNodes().stream()
                .filter(n -> n.getNode().equals(TestCluster.HOST + ":" + deadPort)).mapToInt(NodeStat::getTasks_failed).sum();
        assertEquals(one.model().getLast(), other.model().getLast(), "models differ for " + settings);
        assertEquals(one.finalError(), other.finalError());
        assertNotEquals(courseMean.model().getLast(), one.model().getLast(), settings + " trained as the course mean");
    }

    @Test
    void anExplicitMeanIsTheCourse() throws Exception {
        assertEquals(courseMean.model().getLast(), run(faulty, Map.of("strategy", "mean")).model().getLast());
    }

    @Test
    void badStrategySettingsAreRefusedAtTheStartWithOneLine() throws Exception {
        try (CoordinatorClient c = plain.client()) {
            InvalidRequest e = assertThrows(InvalidRequest.class, () -> c.startJob(DIR, 1, 1, TestCluster.H,
                    TestCluster.K, TestCluster.ETA, Map.of("strategy", "krum", "krum_f", "2")));
            assertTrue(e.getMessage().contains("n=6, f=2") && !e.getMessage().contains("\n"), e.getMessage());
            e = assertThrows(InvalidRequest.class, () -> c.startJob(DIR, 1, 1, TestCluster.H, TestCluster.K,
                    TestCluster.ETA, Map.of("strategy", "fedavg2")));
            assertTrue(e.getMessage().contains("strategy=fedavg2"), e.getMessage());
        }
    }

    private static JobResult run(TestCluster cluster, Map<String, String> settings) throws Exception {
        JobResult r = cluster.runJob(DIR, TestCluster.ROUNDS, TestCluster.EPOCHS, TestCluster.H, TestCluster.ETA,
                settings);
        assertEquals(JobState.SUCCEEDED, r.status().getState(), settings + ": " + r.status().getError());
        return r;
    }
}
