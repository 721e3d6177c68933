package mlptrainer.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import mlptrainer.client.CoordinatorClient;
import mlptrainer.node.ComputeNodeServer;
import mlptrainer.rpc.gen.JobModel;
import mlptrainer.rpc.gen.JobState;
import mlptrainer.rpc.gen.JobStatus;
import mlptrainer.testing.TestCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node whose slots are busy holding one more task ({@link NodeRegistry#queueable}): the queued
 * task's clock starts only when a slot frees, a cancel stops it on the node while it waits, a node
 * that fails with a task queued has both re-run elsewhere, and the results are the same to the bit
 * as without queueing, under every policy.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS) // a guard against a hang, not a performance bound
class QueueAheadTest {
    /** Each task on a loaded node pauses this long in its slot: long enough to see a queued task wait. */
    private static final long LOAD_MS = 1_000;
    @TempDir
    Path root;

    private static CoordinatorServer queueing(CoordinatorServer c) {
        c.jobs().registry().queueAhead(true);
        return c;
    }

    @Test
    void aQueuedTaskIsTimedFromWhenASlotFreedNotFromWhenItWasSent() throws Exception {
        try (TestCluster cluster = TestCluster.withData(root)) {
            cluster.node(1.0, LOAD_MS);
            CoordinatorServer c = queueing(cluster.coordinator(1, TestCluster.scheduler(60_000, 60_000)));
            TestCluster.JobResult r = cluster.runJob(TestCluster.DIR, 1, 1, TestCluster.H, TestCluster.ETA, Map.of());
            assertEquals(JobState.SUCCEEDED, r.status().getState(), r.status().getError());

            List<TaskAttempt> attempts = new ArrayList<>(c.jobs().get(r.status().getJob_id()).progress().attempts());
            attempts.sort(Comparator.comparingLong(TaskAttempt::startMs));
            assertEquals(4, attempts.size(), attempts.toString());
            for (int i = 1; i < attempts.size(); i++) {
                TaskAttempt before = attempts.get(i - 1);
                TaskAttempt queued = attempts.get(i);
                // sent while the one before held the node's one slot for LOAD_MS: timed from its end, had it
                // been timed from its sending the two would overlap by most of LOAD_MS
                long overlap = before.startMs() + before.durationMs() - queued.startMs();
                assertTrue(overlap < LOAD_MS / 2, "overlap " + overlap + " ms: " + attempts);
            }
        }
    }

    @Test
    void aCancelStopsTheTaskQueuedOnTheNodeAsWellAsTheRunningOne() throws Exception {
        try (TestCluster cluster = TestCluster.withData(root)) {
            ComputeNodeServer node = cluster.node(1.0, 600_000);
            queueing(cluster.coordinator(1, TestCluster.scheduler(600_000, 60_000)));
            try (CoordinatorClient client = cluster.client()) {
                String id = TestCluster.startJob(client);
                awaitTrue(() -> node.service().tasksRunning() == 2, "one task in the slot, one queued");
                client.cancel(id);
                JobStatus end = TestCluster.awaitEnd(client, id);
                assertNotEquals(JobState.SUCCEEDED, end.getState());
                awaitTrue(() -> node.service().tasksRunning() == 0, "both stopped on the node");
                assertEquals(2, node.service().tasksCancelled());
            }
        }
    }

    @Test
    void aNodeThatFailsWithATaskQueuedHasBothRunElsewhereAndTheResultIsUnchanged() throws Exception {
        JobModel expected;
        try (TestCluster cluster = TestCluster.withData(root.resolve("healthy"))) {
            cluster.nodes(1).coordinator(1, TestCluster.scheduler(600_000, 60_000));
            expected = cluster.runJob(TestCluster.DIR).model();
        }
        try (TestCluster cluster = TestCluster.withData(root.resolve("failing"))) {
            ComputeNodeServer stuck = cluster.node(1.0, 600_000);
            cluster.nodes(1);
            queueing(cluster.coordinator(3, TestCluster.scheduler(600_000, 60_000)));
            try (CoordinatorClient client = cluster.client()) {
                String id = TestCluster.startJob(client);
                awaitTrue(() -> stuck.service().tasksRunning() == 2, "one task in the slot, one queued");
                stuck.close();
                TestCluster.JobResult r = new TestCluster.JobResult(TestCluster.awaitEnd(client, id), null);
                assertEquals(JobState.SUCCEEDED, r.status().getState(), r.status().getError());
                assertEquals(expected, client.model(id));
            }
        }
    }

    @Test
    void resultsAreTheSameToTheBitWithQueueingUnderEveryPolicy() throws Exception {
        JobModel expected = model(1, false);
        for (int policy = 1; policy <= 3; policy++) {
            assertEquals(expected, model(policy, true), "policy " + policy);
        }
    }

    private JobModel model(int policy, boolean queue) throws Exception {
        try (TestCluster cluster = TestCluster.withData(root.resolve("p" + policy + queue))) {
            CoordinatorServer c = cluster.nodes(2).coordinator(policy);
            c.jobs().registry().queueAhead(queue);
            TestCluster.JobResult r = cluster.runJob(TestCluster.DIR);
            assertEquals(JobState.SUCCEEDED, r.status().getState(), r.status().getError());
            return r.model();
        }
    }

    /** Polls until the condition holds, for at most a minute (a bound against a hang, not a timing). */
    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "waited a minute for: " + what);
            Thread.sleep(10);
        }
    }
}
