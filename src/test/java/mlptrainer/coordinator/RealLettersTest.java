package mlptrainer.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mlptrainer.rpc.gen.JobState;
import mlptrainer.testing.TestCluster;
import mlptrainer.testing.TestCluster.JobResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The core issue's yardstick on the real UCI letters data, when it is beside the repository
 * (../shared/letters; skipped elsewhere): 4 nodes, rounds 15, epochs 50, h 24, eta 0.0001 end in
 * the band [0.20, 0.29] (the numpy reference gives 0.241), with the same model under policies 1,
 * 2 (load probability 0.3) and 3.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class RealLettersTest {
    private static final Path SHARED = Path.of("..", "shared").toAbsolutePath().normalize();
    private TestCluster cluster;

    @AfterEach
    void close() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private JobResult run(int policy, double load) throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        cluster = new TestCluster(SHARED);
        for (int i = 0; i < 4; i++) {
            cluster.node(TestCluster.nodeConfig(SHARED, load, 20, i));
        }
        cluster.coordinator(policy);
        JobResult r = cluster.runJob("letters", 15, 50, 24, 0.0001, Map.of(), 26);
        assertEquals(JobState.SUCCEEDED, r.status().getState(), r.status().getError());
        return r;
    }

    @Test
    void courseSettingsLandInTheBandWithTheSameModelUnderEveryPolicy() throws Exception {
        assumeTrue(Files.isRegularFile(SHARED.resolve("letters/validate_letters.txt")), "../shared/letters is absent");
        JobResult random = run(1, 0);
        double error = random.finalError();
        assertTrue(error >= 0.20 && error <= 0.29, "final validation error " + error);
        JobResult balancing = run(2, 0.3);
        JobResult roundRobin = run(3, 0);
        assertEquals(random.model().getLast(), balancing.model().getLast());
        assertEquals(random.model().getLast(), roundRobin.model().getLast());
        assertTrue(balancing.status().getRejections() > 0, "policy 2 with load 0.3 rejects some tasks");
    }
}
