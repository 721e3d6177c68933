package mlptrainer.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import mlptrainer.rpc.RpcLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The coordinator's start-up warm-up, run on the test's thread as the coordinator's warm-up thread runs it. */
@Timeout(value = 120, unit = TimeUnit.SECONDS) // a guard against a hang, not a performance bound
class CoordinatorWarmupTest {
    @TempDir
    Path parent;

    @Test
    void runsItsRoundsAndLeavesNoFilesBehind() throws Exception {
        String done = CoordinatorWarmup.run(parent, RpcLimits.DEFAULT);

        assertTrue(done.contains(CoordinatorWarmup.ROUNDS + " rounds of " + CoordinatorWarmup.SHARDS + " tasks"),
                done);
        try (Stream<Path> files = Files.list(parent)) {
            assertEquals(List.of(), files.toList());
        }
    }
}
