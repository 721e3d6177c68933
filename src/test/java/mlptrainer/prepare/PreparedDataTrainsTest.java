package mlptrainer.prepare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import mlptrainer.data.DatasetManifest;
import mlptrainer.rpc.gen.JobState;
import mlptrainer.testing.TestCluster;
import mlptrainer.testing.TestCluster.JobResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A directory prepared from an integer CSV (header, string labels) is in the original's format: today's
 * coordinator and nodes train on it, and learn (separable classes end far below chance).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class PreparedDataTrainsTest {
    @TempDir
    Path root;

    @Test
    void aPreparedIntegerCsvTrainsOnALoopbackCluster() throws Exception {
        StringBuilder csv = new StringBuilder("x,y,noise,animal\n");
        SplittableRandom random = new SplittableRandom(3);
        String[] animals = {"eel", "cat", "dog"};
        for (int i = 0; i < 240; i++) {
            int c = i % 3;
            csv.append(20 * c + random.nextInt(6)).append(',').append(30 - 12 * c + random.nextInt(6)).append(',')
                    .append(random.nextInt(10)).append(',').append(animals[c]).append('\n');
        }
        Path file = Files.writeString(root.resolve("animals.csv"), csv);
        PrepareRun r = PrepareRun.of(file.toString(), root.resolve("prepared").toString(), "--shards", "4");
        assertEquals(0, r.exitCode(), r.err());
        DatasetManifest m = DatasetManifest.read(root.resolve("prepared")).orElseThrow();
        try (TestCluster cluster = new TestCluster(root)) {
            cluster.nodes(2).coordinator(1);
            JobResult job = cluster.runJob("prepared", 10, 50, 8, 0.0005, Map.of(), m.k());
            assertEquals(JobState.SUCCEEDED, job.status().getState(), job.status().getError());
            assertTrue(job.finalError() < 0.34, "final validation error " + job.finalError() + " (chance 0.67)");
        }
    }
}
