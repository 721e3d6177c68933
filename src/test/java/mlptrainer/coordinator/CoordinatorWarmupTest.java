package mlptrainer.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
        String done = CoordinatorWarmup.run(parent, RpcLimits.DEFAULT, () -> false);

        assertTrue(done.startsWith(CoordinatorWarmup.ROUNDS + " of " + CoordinatorWarmup.ROUNDS + " rounds of "
                + CoordinatorWarmup.SHARDS + " tasks"), done);
        assertFalse(done.contains("stopped"), done);
        assertEquals(List.of(), contents(parent));
    }

    @Test
    void stopsWhenARealJobHasStarted() throws Exception {
        String done = CoordinatorWarmup.run(parent, RpcLimits.DEFAULT, () -> true);

        assertTrue(done.startsWith("0 of " + CoordinatorWarmup.ROUNDS + " rounds"), done);
        assertTrue(done.endsWith("stopped: a real job started"), done);
        assertEquals(List.of(), contents(parent));
    }

    private static List<Path> contents(Path dir) throws java.io.IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }
}
