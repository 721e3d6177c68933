package mlptrainer.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import mlptrainer.model.MlpWeights;
import mlptrainer.rpc.AuthToken;
import mlptrainer.rpc.RpcConnection;
import mlptrainer.rpc.RpcLimits;
import mlptrainer.rpc.ServerOptions;
import mlptrainer.rpc.WireWeights;
import mlptrainer.rpc.gen.CancellableComputeNode;
import mlptrainer.rpc.gen.InvalidRequest;
import mlptrainer.rpc.gen.TaskRequest;
import mlptrainer.rpc.gen.TaskResult;
import mlptrainer.rpc.gen.Unauthorized;
import mlptrainer.testing.TestCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node stops a task when its coordinator cancels it (cancel_tasks with the task's key) or when
 * the task has used its work budget (budget_ms), and answers its run_task call with InvalidRequest;
 * its slot is free for the next task. Called on the wire, as a coordinator would.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TaskStopTest {
    private static final String FILE = TestCluster.DIR + "/train_letters1.txt";
    private static final int LONG_EPOCHS = 1_000_000;
    private static final int LONG_H = 1024;
    private static final long WAIT_BOUND_MS = 60_000;
    private static final String TOKEN = "s3cret-token";

    @TempDir
    Path root;
    ComputeNodeServer node;

    @BeforeEach
    void start() throws Exception {
        TestCluster.writeData(root, TestCluster.DIR);
        node = ComputeNodeServer.start(TestCluster.nodeConfig(root, 0.0, 0, 1),
                ServerOptions.onPort(0).withBindAddress(TestCluster.HOST), AuthToken.of(TOKEN));
    }

    @AfterEach
    void stop() {
        node.close();
    }

    @Test
    void cancelStopsTheTaskOfThatKeyOnlyAndFreesTheSlot() throws Exception {
        CompletableFuture<TaskResult> longTask = runAsync(longTask().setCancel_key("coordinator-1 job 1"));
        awaitTrue(() -> node.service().tasksRunning() == 1, "the task to arrive");
        try (RpcConnection<CancellableComputeNode.Client> c = open()) {
            assertEquals(0, c.client().cancel_tasks("coordinator-1 job 2", TOKEN), "another key stopped a task");
            assertThrows(Unauthorized.class, () -> c.client().cancel_tasks("coordinator-1 job 1", "wrong"));
            assertEquals(1, c.client().cancel_tasks("coordinator-1 job 1", TOKEN));
        }
        ExecutionException e = assertThrows(ExecutionException.class, () -> longTask.get(WAIT_BOUND_MS,
                TimeUnit.MILLISECONDS));
        assertTrue(e.getCause() instanceof InvalidRequest r && r.getMessage().matches(
                "task long: cancelled after \\d+ epochs"), e.getCause().toString());
        assertEquals(1, node.service().tasksCancelled());
        assertEquals(0, node.service().tasksRunning());
        assertShortTaskRuns();
    }

    @Test
    void aTaskStopsWhenItsWorkBudgetIsUsed() throws Exception {
        CompletableFuture<TaskResult> longTask = runAsync(longTask().setBudget_ms(300));
        ExecutionException e = assertThrows(ExecutionException.class, () -> longTask.get(WAIT_BOUND_MS,
                TimeUnit.MILLISECONDS));
        assertTrue(e.getCause() instanceof InvalidRequest r && r.getMessage().matches(
                "task long: stopped: work budget of 300 ms used after \\d+ epochs"), e.getCause().toString());
        assertEquals(1, node.service().tasksOverBudget());
        assertEquals(0, node.service().tasksCancelled());
        assertShortTaskRuns();
    }

    @Test
    void aCancelReachesATaskWaitingForTheSlot() throws Exception {
        CompletableFuture<TaskResult> first = runAsync(longTask().setCancel_key("k1"));
        awaitTrue(() -> node.service().tasksRunning() == 1, "the first task to arrive");
        CompletableFuture<TaskResult> second = runAsync(longTask().setCancel_key("k2"));
        awaitTrue(() -> node.service().tasksRunning() == 2, "the second task to arrive");
        try (RpcConnection<CancellableComputeNode.Client> c = open()) {
            assertEquals(1, c.client().cancel_tasks("k2", TOKEN));
            assertThrows(ExecutionException.class, () -> second.get(WAIT_BOUND_MS, TimeUnit.MILLISECONDS));
            assertEquals(1, c.client().cancel_tasks("k1", TOKEN));
            assertThrows(ExecutionException.class, () -> first.get(WAIT_BOUND_MS, TimeUnit.MILLISECONDS));
        }
        assertEquals(2, node.service().tasksCancelled());
    }

    @Test
    void stopFieldsOutOfRangeAreRefusedByName() throws Exception {
        try (RpcConnection<CancellableComputeNode.Client> c = open()) {
            InvalidRequest key = assertThrows(InvalidRequest.class,
                    () -> c.client().run_task(shortTask().setCancel_key("k".repeat(201))));
            assertEquals("cancel_key is 201 characters, at most 200 are accepted", key.getMessage());
            InvalidRequest budget = assertThrows(InvalidRequest.class,
                    () -> c.client().run_task(shortTask().setBudget_ms(0)));
            assertEquals("budget_ms must be >= 1 when set, got 0", budget.getMessage());
        }
    }

    /** A task that would keep the node busy for many minutes (the attack). */
    private TaskRequest longTask() {
        TaskRequest r = task(LONG_H, LONG_EPOCHS).setLabel("long");
        r.setSettings(Map.of("early_stop", "false"));
        return r;
    }

    private TaskRequest shortTask() {
        return task(TestCluster.H, TestCluster.EPOCHS).setLabel("short");
    }

    private static TaskRequest task(int h, int epochs) {
        MlpWeights initial = MlpWeights.initUniform(TestCluster.FEATURES, h, TestCluster.K, 3);
        return new TaskRequest(FILE, WireWeights.toWire(initial), TestCluster.K, h, TestCluster.ETA, epochs, 1)
                .setAuth_token(TOKEN);
    }

    /** After a stop, the node's one slot is free: a short task runs at once. */
    private void assertShortTaskRuns() throws Exception {
        try (RpcConnection<CancellableComputeNode.Client> c = open()) {
            assertTrue(c.client().run_task(shortTask()).isAccepted());
        }
    }

    /** Runs the task on its own connection and thread; the connection closes when the call ends. */
    private CompletableFuture<TaskResult> runAsync(TaskRequest r) {
        CompletableFuture<TaskResult> out = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try (RpcConnection<CancellableComputeNode.Client> c = open()) {
                out.complete(c.client().run_task(r));
            } catch (Exception e) {
                out.completeExceptionally(e);
            }
        }, "test-task");
        t.setDaemon(true);
        t.start();
        return out;
    }

    private RpcConnection<CancellableComputeNode.Client> open() throws Exception {
        return RpcConnection.open(TestCluster.HOST, node.port(), 2000, (int) WAIT_BOUND_MS, RpcLimits.DEFAULT,
                CancellableComputeNode.Client::new);
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_BOUND_MS);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "gave up after " + WAIT_BOUND_MS + " ms waiting for " + what);
            Thread.sleep(10);
        }
    }
}
