package mlptrainer.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import mlptrainer.data.SyntheticData;
import mlptrainer.model.Presets;
import mlptrainer.rpc.gen.JobState;
import mlptrainer.testing.TestCluster;
import mlptrainer.testing.TestCluster.JobResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The presets (quick's moving average included), and the regularisers label_smoothing, input_noise
 * and dropout, give the same final model bit for bit on two clusters that share nothing but the data: one node under round-robin, and
 * three nodes under the random policy with a node that is down (connection failures and retries)
 * and a slow node whose tasks get backup copies. Each model must differ from the plain accurate
 * recipe's, so the setting took effect.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class PresetDeterminismTest {
    private static final String DIR = "presets";
    private static final int ROUNDS = 4;
    private static final int EPOCHS = 2;
    private static final double ETA = 0.05;
    private TestCluster plain;
    private TestCluster faulty;
    private JobResult accurate;

    @BeforeAll
    void startClusters(@TempDir Path root) throws Exception {
        SyntheticData.writeClustered(root.resolve(DIR), 6, 40, TestCluster.FEATURES, TestCluster.K, 23);
        plain = new TestCluster(root).nodes(1);
        plain.coordinator(3);
        faulty = new TestCluster(root);
        faulty.deadNode();
        faulty.node(1.0, 300); // every task sleeps 300 ms first: backups overtake it
        faulty.nodes(2);
        faulty.coordinator(1, TestCluster.scheduler(60_000, 60_000).withSpeculation(2.0, 50));
        accurate = run(plain, Presets.settings(Presets.ACCURATE));
    }

    @AfterAll
    void stopClusters() {
        if (faulty != null) {
            faulty.close();
        }
        if (plain != null) {
            plain.close();
        }
    }

    static Stream<Arguments> recipes() {
        return Stream.of(
                Arguments.of(Presets.settings(Presets.FAST)),
                Arguments.of(Presets.settings(Presets.QUICK)),
                Arguments.of(with(Presets.ACCURATE, "label_smoothing", "0.1")),
                Arguments.of(with(Presets.ACCURATE, "input_noise", "0.3")),
                Arguments.of(with(Presets.FAST, "input_noise", "0")),
                Arguments.of(with(Presets.FAST, "dropout", "0.2")));
    }

    @ParameterizedTest
    @MethodSource("recipes")
    void theModelIsTheSameBitForBitOnEitherCluster(Map<String, String> settings) throws Exception {
        JobResult one = run(plain, settings);
        JobResult other = run(faulty, settings);
        assertEquals(one.model().getLast(), other.model().getLast(), "models differ for " + settings);
        assertEquals(one.finalError(), other.finalError());
        assertNotEquals(accurate.model().getLast(), one.model().getLast(), settings + " trained as accurate");
    }

    private static Map<String, String> with(String preset, String key, String value) {
        Map<String, String> settings = new TreeMap<>(Presets.settings(preset));
        settings.put(key, value);
        return settings;
    }

    private static JobResult run(TestCluster cluster, Map<String, String> settings) throws Exception {
        JobResult r = cluster.runJob(DIR, ROUNDS, EPOCHS, TestCluster.H, ETA, settings);
        assertEquals(JobState.SUCCEEDED, r.status().getState(), settings + ": " + r.status().getError());
        return r;
    }
}
