package mlptrainer.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mlptrainer.client.CoordinatorClient;
import mlptrainer.rpc.gen.JobState;
import mlptrainer.rpc.gen.JobStatus;
import mlptrainer.rpc.gen.NodeStat;
import mlptrainer.testing.TestCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * README's rule: when no node takes a task for --no-node-timeout, the job fails. Nodes that cannot
 * be reached at all do not count towards --max-failures-per-task (the task never reached them), so
 * a job started while every node is down waits for that timeout, and a node started meanwhile is
 * used.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class UnreachableNodesTest {
    private static final FailureTolerance ONE_FAILURE = FailureTolerance.DEFAULTS.withMaxFailuresPerTask(1);

    @TempDir
    Path root;
    private TestCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void everyNodeDownFailsTheJobAfterTheNoNodeTimeoutNotAfterAFailureCount() throws Exception {
        TestCluster.writeOneShardData(root, "one");
        cluster = new TestCluster(root);
        NodeAddress a = cluster.deadNode();
        NodeAddress b = cluster.deadNode();
        long noNodeMs = 2_000;
        cluster.coordinator(1, SchedulerOptions.DEFAULTS.withNoNodeTimeoutMs(noNodeMs).withTolerance(ONE_FAILURE));
        try (CoordinatorClient c = cluster.client()) {
            String id = c.startJob("one", 1, 1, 2, TestCluster.K, TestCluster.ETA, Map.of());
            JobStatus end = TestCluster.awaitEnd(c, id);

            assertEquals(JobState.FAILED, end.getState());
            String error = end.getError();
            assertTrue(error.contains("no compute node took") && error.contains("within " + noNodeMs + " ms"), error);
            assertTrue(error.contains(a.toString()) && error.contains(b.toString()), error);
            assertTrue(error.contains("connection refused"), error);
            assertTrue(end.getElapsed_ms() >= noNodeMs, "waited the no-node timeout: " + end.getElapsed_ms());
        }
    }

    @Test
    void aListedNodeStartedWhileTheJobWaitsTakesItsTasks() throws Exception {
        TestCluster.writeOneShardData(root, "one");
        cluster = new TestCluster(root);
        NodeAddress late = cluster.deadNode();
        cluster.coordinator(1, SchedulerOptions.DEFAULTS.withNoNodeTimeoutMs(60_000).withTolerance(ONE_FAILURE));
        try (CoordinatorClient c = cluster.client()) {
            String id = c.startJob("one", 1, 1, 2, TestCluster.K, TestCluster.ETA, Map.of());
            awaitRefusedBy(c, late);

            cluster.nodeOnPort(late.port());
            JobStatus end = TestCluster.awaitEnd(c, id);

            assertEquals(JobState.SUCCEEDED, end.getState(), end.getError());
        }
    }

    /** Polls status until the node has failed an attempt of the job (the connection was refused). */
    private static void awaitRefusedBy(CoordinatorClient c, NodeAddress node) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            for (NodeStat n : c.status().getNodes()) {
                if (n.getNode().equals(node.toString()) && n.getTasks_failed() > 0) {
                    return;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("node " + node + " never failed a task");
    }
}
