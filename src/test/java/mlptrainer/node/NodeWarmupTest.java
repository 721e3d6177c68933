package mlptrainer.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import mlptrainer.data.DataRoot;
import mlptrainer.model.MlpWeights;
import mlptrainer.model.TrainingSettings;
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
        String done = NodeWarmup.run(parent, RpcLimits.DEFAULT, () -> false);

        assertTrue(done.contains(NodeWarmup.ALL_TASKS + " of " + NodeWarmup.ALL_TASKS + " tasks through the task path"), done);
        assertFalse(done.contains("stopped"), done);
        assertEquals(List.of(), contents(parent));
    }

    @Test
    void stopsWhenRealWorkHasArrived() throws Exception {
        String done = NodeWarmup.run(parent, RpcLimits.DEFAULT, () -> true);

        assertTrue(done.startsWith("0 of " + NodeWarmup.ALL_TASKS + " tasks"), done);
        assertTrue(done.endsWith("stopped: real work arrived"), done);
        assertEquals(List.of(), contents(parent));
    }

    @Test
    void theNodeServiceSaysWhenItsFirstTaskArrived() throws Exception {
        NodeConfig config = new NodeConfig(0, 0, 1, new DataRoot(parent), 2, 0L, parent.resolve("vault"), 1 << 20);
        ComputeNodeService service = new ComputeNodeService(config);
        assertFalse(service.taskArrived());

        TaskSpec missing = new TaskSpec("missing.txt", MlpWeights.initUniform(16, 4, 3, 1), 3, 0.1, 1, 1,
                TrainingSettings.COURSE, 0L, null, null, null, "t");
        assertThrows(InvalidTaskException.class, () -> service.run(missing));

        assertTrue(service.taskArrived()); // whatever came of it
        service.close();
    }

    @Test
    void runsAgainWithTheNodesOwnLimits() throws Exception {
        // the node passes its configured bounds (a smaller h and shard limit must still fit the warm-up's tasks)
        NodeWarmup.run(parent, RpcLimits.forModel(1024, NodeWarmup.HIDDEN, 1024, 1 << 20), () -> false);

        assertEquals(List.of(), contents(parent));
    }

    static List<Path> contents(Path dir) throws java.io.IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }
}
