package mlptrainer.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import mlptrainer.client.CoordinatorClient;
import mlptrainer.data.DataRoot;
import mlptrainer.node.ComputeNodeServer;
import mlptrainer.rpc.RpcConnection;
import mlptrainer.rpc.RpcLimits;
import mlptrainer.rpc.ServerOptions;
import mlptrainer.rpc.gen.Coordinator;
import mlptrainer.rpc.gen.JobState;
import mlptrainer.rpc.gen.JobStatus;
import mlptrainer.testing.TestCluster;
import org.apache.thrift.TException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, items 3 and 4: a job ends whatever fails or whoever stops it. A cancel stops the
 * node's task too, an OutOfMemoryError in an attempt's call or in the job's own thread ends the
 * job as FAILED with a message, and each time the node slot and the data directory are free for
 * the next job. One compute node with one slot, so that a task left running would block the next
 * job; the coordinator keeps checkpoints, so that a job left running would keep its directory.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class JobEndsWhateverFailsTest {
    /** The attack of the issue: a task that would keep its node busy for many minutes. */
    private static final int LONG_EPOCHS = 1_000_000;
    private static final int LONG_H = 1024;
    /** Without it, the course's early stop would end the long task after a few epochs. */
    private static final Map<String, String> NO_EARLY_STOP = Map.of("early_stop", "false");
    /** How long a test waits for a condition before it fails; generous, for a loaded machine. */
    private static final long WAIT_BOUND_MS = 60_000;

    @TempDir
    Path root;
    TestCluster cluster;
    ComputeNodeServer node;
    CoordinatorServer coordinator;
    CoordinatorClient client;
    RpcConnection<Coordinator.Client> raw;

    @BeforeEach
    void startNode() throws Exception {
        cluster = TestCluster.withData(root);
        node = cluster.node(TestCluster.nodeConfig(root, 0.0, 0, 1));
    }

    /**
     * A 20 s task timeout and 2 attempts a task: a node that still trains a task of the job before
     * makes each of the next job's two attempts time out, and that job fails.
     */
    private void startCoordinator() throws Exception {
        startCoordinator(new SchedulerOptions(20_000, 120_000, 2, 0, 0, 2_000, 2_000));
    }

    private void startCoordinator(SchedulerOptions scheduler) throws Exception {
        CoordinatorConfig config = new CoordinatorConfig(1, cluster.addresses(), new DataRoot(root), scheduler, LONG_H,
                15_000, 11, root.resolve("checkpoints"));
        coordinator = CoordinatorServer.start(config, ServerOptions.onPort(0).withBindAddress(TestCluster.HOST));
        client = CoordinatorClient.connect(TestCluster.HOST, coordinator.port(), "");
        raw = RpcConnection.open(TestCluster.HOST, coordinator.port(), 2000, 30_000, RpcLimits.DEFAULT,
                Coordinator.Client::new);
    }

    @AfterEach
    void stop() {
        if (coordinator != null) {
            raw.close();
            client.close();
            coordinator.close();
        }
        cluster.close();
    }

    @Test
    void cancelStopsTheNodesTaskAndTheNextJobRunsOnThatNode() throws Exception {
        startCoordinator();
        String id = startLongJob();
        raw.client().cancel_job(id, "");
        JobStatus end = awaitEnd(id);
        assertEquals(JobState.CANCELLED, end.getState(), end.getError());
        awaitTrue(() -> node.service().tasksRunning() == 0, "the node to stop the cancelled task");
        assertEquals(1, node.service().tasksCancelled(), "the node's task did not end by the cancel");
        awaitTrue(() -> tasksInFlight() == 0, "the coordinator to free the node's slot");
        assertNextJobSucceeds();
    }

    @Test
    void outOfMemoryInAnAttemptsCallFailsTheJobAndFreesTheSlotAndTheDirectory() throws Exception {
        startCoordinator();
        coordinator.jobs().faultHooks().inAttempt = () -> {
            throw new OutOfMemoryError("test");
        };
        String id = client.startJob(TestCluster.DIR, TestCluster.ROUNDS, TestCluster.EPOCHS, TestCluster.H,
                TestCluster.K, TestCluster.ETA, Map.of());
        JobStatus end = awaitEnd(id);
        assertEquals(JobState.FAILED, end.getState());
        assertTrue(end.getError().contains("out of memory in the coordinator during the call: test"), end.getError());
        awaitTrue(() -> tasksInFlight() == 0, "the coordinator to free the node's slot");
        coordinator.jobs().faultHooks().inAttempt = () -> { };
        assertNextJobSucceeds();
    }

    @Test
    void outOfMemoryInTheJobsThreadFailsTheJobAndStopsItsTaskOnTheNode() throws Exception {
        startCoordinator();
        String id = startLongJob();
        coordinator.jobs().faultHooks().inRoundLoop = () -> {
            throw new OutOfMemoryError("test");
        };
        JobStatus end = awaitEnd(id);
        coordinator.jobs().faultHooks().inRoundLoop = () -> { };
        assertEquals(JobState.FAILED, end.getState());
        assertEquals("out of memory in round 1/1: test", end.getError());
        awaitTrue(() -> node.service().tasksRunning() == 0, "the node to stop the failed job's task");
        assertEquals(1, node.service().tasksCancelled(), "the node's task did not end by a cancel");
        awaitTrue(() -> tasksInFlight() == 0, "the coordinator to free the node's slot");
        assertNextJobSucceeds();
    }

    @Test
    void aTaskTheCoordinatorAbandonsDoesNotRunOnTheNode() throws Exception {
        // 1.5 s to answer and one attempt a task: the long job fails at its first timeout
        startCoordinator(new SchedulerOptions(1_500, 120_000, 1, 0, 0, 2_000, 2_000));
        String id = startLongJob();
        JobStatus end = awaitEnd(id);
        assertEquals(JobState.FAILED, end.getState());
        assertTrue(end.getError().contains("no reply within the"), end.getError());
        awaitTrue(() -> node.service().tasksRunning() == 0, "the node to stop the abandoned task");
        // the coordinator's cancel or the node's work budget, whichever came first
        assertEquals(1, node.service().tasksCancelled() + node.service().tasksOverBudget());
        // the next job, on the same node, from a coordinator with room for a loaded machine (20 s, 2 attempts)
        raw.close();
        client.close();
        coordinator.close();
        startCoordinator();
        assertNextJobSucceeds();
    }

    /** Starts the long job and returns once its first task runs on the node. */
    private String startLongJob() throws TException, InterruptedException {
        String id = client.startJob(TestCluster.DIR, 1, LONG_EPOCHS, LONG_H, TestCluster.K, TestCluster.ETA,
                NO_EARLY_STOP);
        awaitTrue(() -> node.service().taskArrived(), "the long job's first task to reach the node");
        return id;
    }

    /** The standard job on the same directory and the same single node succeeds. */
    private void assertNextJobSucceeds() throws TException {
        String next = client.startJob(TestCluster.DIR, TestCluster.ROUNDS, TestCluster.EPOCHS, TestCluster.H,
                TestCluster.K, TestCluster.ETA, Map.of());
        JobStatus end = awaitEnd(next);
        assertEquals(JobState.SUCCEEDED, end.getState(), end.getError());
    }

    /** Follows the job by status calls that wait for a change, within a bound: a stuck job fails the test. */
    private JobStatus awaitEnd(String id) throws TException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_BOUND_MS);
        JobStatus s = client.awaitStatus(id);
        while (s.getState() == JobState.RUNNING && System.nanoTime() < deadline) {
            s = client.awaitStatus(id);
        }
        assertNotEquals(JobState.RUNNING, s.getState(), "job " + id + " still running after " + WAIT_BOUND_MS
                + " ms: " + s);
        return s;
    }

    /** The tasks the coordinator's registry counts in flight, on every node. */
    private int tasksInFlight() {
        NodeRegistry registry = coordinator.jobs().registry();
        List<NodeHandle> nodes = registry.all();
        synchronized (registry) {
            return nodes.stream().mapToInt(n -> n.inFlight).sum();
        }
    }

    /** Polls the condition until it holds, failing after a generous bound. */
    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_BOUND_MS);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "gave up after " + WAIT_BOUND_MS + " ms waiting for " + what);
            Thread.sleep(10);
        }
    }
}
