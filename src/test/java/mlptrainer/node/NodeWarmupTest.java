package mlptrainer.node;

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

/** The compute node's start-up warm-up, run on the test's thread as the node's warm-up thread runs it. */
@Timeout(value = 120, unit = TimeUnit.SECONDS) // a guard against a hang, not a performance bound
class NodeWarmupTest {
    @TempDir
    Path parent;

    @Test
    void runsItsTasksThroughTheTaskPathAndLeavesNoFilesBehind() throws Exception {
        String done = NodeWarmup.run(parent, RpcLimits.DEFAULT);

        assertTrue(done.contains(NodeWarmup.TASKS + " tasks through the task path"), done);
        assertEquals(List.of(), contents(parent));
    }

    @Test
    void runsAgainWithTheNodesOwnLimits() throws Exception {
        // the node passes its configured bounds (a smaller h and shard limit must still fit the warm-up's tasks)
        NodeWarmup.run(parent, RpcLimits.forModel(1024, NodeWarmup.HIDDEN, 1024, 1 << 20));

        assertEquals(List.of(), contents(parent));
    }

    static List<Path> contents(Path dir) throws java.io.IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }
}
