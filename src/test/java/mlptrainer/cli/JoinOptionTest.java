package mlptrainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code compute-node --join} needs the cluster's token: a coordinator takes joins from no one else. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JoinOptionTest {
    @TempDir
    Path root;

    @Test
    void joinWithoutATokenIsAUsageErrorBeforeAnythingStarts() {
        CliRun r = CliRun.of(new ComputeNodeCommand(), "0", "0", "--bind", "127.0.0.1", "--data-root",
                root.toString(), "--join", "127.0.0.1:1");
        assertEquals(ExitCodes.USAGE, r.exitCode(), r.toString());
        assertTrue(r.err().contains("--join needs the cluster's token"), r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
    }
}
