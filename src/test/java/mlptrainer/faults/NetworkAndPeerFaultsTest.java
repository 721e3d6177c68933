package mlptrainer.faults;

import static mlptrainer.faults.FaultFreeRun.assertSameAsFaultFree;
import static mlptrainer.testing.TestCluster.HOST;
import static mlptrainer.testing.TestCluster.awaitEnd;
import static mlptrainer.testing.TestCluster.nodeStat;
import static mlptrainer.testing.TestCluster.scheduler;
import static mlptrainer.testing.TestCluster.startJob;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mlptrainer.client.CoordinatorClient;
import mlptrainer.coordinator.CoordinatorServer;
import mlptrainer.coordinator.FailureTolerance;
import mlptrainer.node.ComputeNodeServer;
import mlptrainer.rpc.RpcConnection;
import mlptrainer.rpc.RpcLimits;
import mlptrainer.rpc.RpcServer;
import mlptrainer.rpc.gen.ComputeNode;
import mlptrainer.rpc.gen.Coordinator;
import mlptrainer.rpc.gen.JobState;
import mlptrainer.rpc.gen.JobStatus;
import mlptrainer.rpc.gen.NodeInfo;
import mlptrainer.rpc.gen.TaskRequest;
import mlptrainer.rpc.gen.TaskResult;
import mlptrainer.rpc.gen.TrainResult;
import mlptrainer.rpc.gen.Weights;
import mlptrainer.testing.TestCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Network trouble through {@link FaultProxy} (issue 5, fault 6), a client that disconnects
 * mid-job (fault 7) and a node that sends NaN, infinite or wrongly shaped deltas (fault 8).
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class NetworkAndPeerFaultsTest {
    @TempDir
    Path tmp;
    TestCluster cluster;

    @BeforeEach
    void setUp() throws Exception {
        FaultFreeRun.model();
        cluster = TestCluster.withData(tmp);
    }

    @AfterEach
    void tearDown() {
        cluster.close();
    }

    /** Runs the standard job with one of three nodes behind a proxy in {@code mode}. */
    private JobStatus runThroughProxy(String name, FaultProxy.Mode mode, long param, int times, int taskTimeoutMs)
            throws Exception {
        ComputeNodeServer behind = cluster.node(0, 0);
        FaultProxy proxy = cluster.proxy(behind.port());
        proxy.set(mode, param, times);
        ComputeNodeServer a = cluster.node(0, 0);
        ComputeNodeServer b = cluster.node(0, 0);
        cluster.coordinator(scheduler(taskTimeoutMs, 30_000), proxy.port(), a.port(), b.port());
        CoordinatorClient client = cluster.client();
        String id = startJob(client);
        JobStatus end = awaitEnd(client, id);
        assertEquals(JobState.SUCCEEDED, end.getState(), end::getError);
        assertTrue(proxy.accepted() >= 1, "the coordinator never used the proxied node");
        if (mode != FaultProxy.Mode.DELAY) {
            assertTrue(proxy.injected() >= 1, "no fault was injected");
        } else {
            assertTrue(nodeStat(end, proxy.port()).getTasks_accepted() >= 1, "no task crossed the slow link");
        }
        assertSameAsFaultFree(client.model(id));
        System.out.println("FAULTS " + name + ": connections " + proxy.accepted() + ", faults injected "
                + proxy.injected() + ", tasks through the proxy " + nodeStat(end, proxy.port()).getTasks_accepted()
                + ", failed " + nodeStat(end, proxy.port()).getTasks_failed() + ", job " + end.getState()
                + ", model equal");
        return end;
    }

    @Test
    void resetInTheMiddleOfAReply() throws Exception {
        runThroughProxy("proxy-reset", FaultProxy.Mode.RESET, 300, 3, 30_000);
    }

    @Test
    void halfOpenConnection() throws Exception {
        runThroughProxy("proxy-half-open", FaultProxy.Mode.HALF_OPEN, 0, 2, NodeFaultsTest.HANG_TASK_TIMEOUT_MS);
    }

    @Test
    void slowLink() throws Exception {
        runThroughProxy("proxy-slow", FaultProxy.Mode.DELAY, 30, -1, 30_000);
    }

    @Test
    void droppedConnections() throws Exception {
        runThroughProxy("proxy-drop", FaultProxy.Mode.DROP, 0, 3, 30_000);
    }

    @Test
    void clientDisconnectingMidJobLeavesTheJobRunningAndItsResultReadableById() throws Exception {
        ComputeNodeServer a = cluster.node(1.0, 100);
        ComputeNodeServer b = cluster.node(1.0, 100);
        CoordinatorServer c = cluster.coordinator(scheduler(30_000, 30_000), a.port(), b.port());
        CoordinatorClient first = CoordinatorClient.connect(HOST, c.port(), "");
        String id;
        try {
            id = startJob(first);
            assertEquals(JobState.RUNNING, first.awaitStatus(id).getState());
        } finally {
            first.close(); // gone mid-job
        }
        // the original's blocking call, its connection dropped mid-call
        RpcConnection<Coordinator.Client> raw = RpcConnection.open(HOST, c.port(), 5_000, 0, RpcLimits.DEFAULT,
                Coordinator.Client::new);
        CompletableFuture<Double> blocked = CompletableFuture.supplyAsync(() -> {
            try {
                return raw.client().train(TestCluster.DIR, TestCluster.ROUNDS, TestCluster.EPOCHS, TestCluster.H,
                        TestCluster.K, TestCluster.ETA);
            } catch (Exception e) {
                return Double.NaN;
            }
        });
        CoordinatorClient second = cluster.client();
        String trainId = String.valueOf(Integer.parseInt(id) + 1);
        JobStatus s;
        do {
            s = second.status().getJobs().stream().filter(j -> j.getJob_id().equals(trainId)).findFirst().orElse(null);
        } while (s == null && second.awaitStatus(id) != null);
        raw.close();
        blocked.get(30, TimeUnit.SECONDS);
        JobStatus end = awaitEnd(second, id);
        assertEquals(JobState.SUCCEEDED, end.getState(), end::getError);
        assertSameAsFaultFree(second.model(id));
        JobStatus trainEnd = awaitEnd(second, trainId);
        assertEquals(JobState.SUCCEEDED, trainEnd.getState(), trainEnd::getError);
        assertSameAsFaultFree(second.model(trainId));
        System.out.println("FAULTS client-disconnect: 2 clients dropped mid-job (start_job and blocking train); "
                + "both jobs SUCCEEDED, results read by id, models equal");
    }

    /** A compute node that answers every task with the given deltas (NaN, infinite, wrongly shaped). */
    static final class BadDeltaNode implements ComputeNode.Iface {
        final double value;
        final boolean wrongShape;
        final AtomicInteger calls = new AtomicInteger();

        BadDeltaNode(double value, boolean wrongShape) {
            this.value = value;
            this.wrongShape = wrongShape;
        }

        Weights bad(Weights initial) {
            Weights w = new Weights(fill(initial.getV()), fill(initial.getW()));
            if (wrongShape) {
                w.getV().remove(w.getV().size() - 1);
            }
            return w;
        }

        private List<List<Double>> fill(List<List<Double>> shape) {
            List<List<Double>> out = new ArrayList<>();
            for (List<Double> row : shape) {
                List<Double> r = new ArrayList<>();
                row.forEach(x -> r.add(value));
                out.add(r);
            }
            return out;
        }

        @Override
        public TrainResult train_with_weights(String file, Weights initial, double p, int k, int h, double eta,
                int epochs, int policy) {
            calls.incrementAndGet();
            return new TrainResult(true, 0.5, bad(initial));
        }

        @Override
        public NodeInfo describe(String token) {
            return new NodeInfo("fake", 1, 0.0, Set.of(), false);
        }

        @Override
        public TaskResult run_task(TaskRequest r) {
            calls.incrementAndGet();
            return new TaskResult(true, 0.5, bad(r.getInitial_weights()), r.getEpochs(), 0.5, 1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"NaN", "Infinity", "misshapen"})
    void badDeltasAreNeverAppliedAndTheTaskRunsElsewhere(String kind) throws Exception {
        BadDeltaNode bad = kind.equals("misshapen") ? new BadDeltaNode(0.0, true)
                : new BadDeltaNode(Double.parseDouble(kind), false);
        RpcServer fake = cluster.fakeNode(bad);
        ComputeNodeServer a = cluster.node(0, 0);
        ComputeNodeServer b = cluster.node(0, 0);
        cluster.coordinator(scheduler(30_000, 30_000), fake.port(), a.port(), b.port());
        CoordinatorClient client = cluster.client();
        String id = startJob(client);
        JobStatus end = awaitEnd(client, id);
        assertEquals(JobState.SUCCEEDED, end.getState(), end::getError);
        assertTrue(bad.calls.get() >= 1, "the bad node was never used");
        assertEquals(bad.calls.get(), nodeStat(end, fake.port()).getTasks_failed(), "a bad result was not refused");
        assertSameAsFaultFree(client.model(id));
        System.out.println("FAULTS bad-deltas-" + kind + ": the bad node answered " + bad.calls.get()
                + " task(s), none applied, job " + end.getState() + ", model equal");
    }

    @Test
    void whenEveryNodeSendsBadDeltasTheJobFailsClearly() throws Exception {
        BadDeltaNode nan = new BadDeltaNode(Double.NaN, false);
        BadDeltaNode inf = new BadDeltaNode(Double.POSITIVE_INFINITY, false);
        RpcServer f1 = cluster.fakeNode(nan);
        RpcServer f2 = cluster.fakeNode(inf);
        cluster.coordinator(scheduler(30_000, 30_000), f1.port(), f2.port());
        CoordinatorClient client = cluster.client();
        String id = startJob(client);
        JobStatus end = awaitEnd(client, id);
        assertEquals(JobState.FAILED, end.getState());
        assertNotNull(end.getError());
        assertTrue(end.getError().contains("bad deltas"), end.getError());
        assertEquals(0, end.getRound(), "a round ended with bad deltas");
        System.out.println("FAULTS all-bad-deltas: " + (nan.calls.get() + inf.calls.get())
                + " bad answers, job FAILED: " + end.getError());
    }

    /** Failure tolerance is a setting: with one bad result allowed per task, the first one fails the job. */
    @Test
    void theBadResultsATaskMayGetAreASetting() throws Exception {
        BadDeltaNode nan = new BadDeltaNode(Double.NaN, false);
        RpcServer fake = cluster.fakeNode(nan);
        ComputeNodeServer honest = cluster.node(0, 0);
        cluster.coordinator(scheduler(30_000, 30_000).withTolerance(new FailureTolerance(10, 3, 1, 3)), fake.port(),
                honest.port());
        CoordinatorClient client = cluster.client();
        JobStatus end = awaitEnd(client, startJob(client));
        if (nan.calls.get() == 0) {
            assertEquals(JobState.SUCCEEDED, end.getState(), "the honest node took every task");
            return;
        }
        assertEquals(JobState.FAILED, end.getState());
        assertTrue(end.getError().contains("bad deltas once"), end.getError());
    }

    /**
     * A server that closes a new connection before reading its first call (a full connection
     * table makes room that way) never served that call: the client makes it again on a new one.
     */
    @Test
    void aClientWhoseFirstConnectionsAreDroppedUnreadConnectsAgain() throws Exception {
        ComputeNodeServer node = cluster.node(0, 0);
        CoordinatorServer coordinator = cluster.coordinator(scheduler(30_000, 30_000), node.port());
        try (FaultProxy proxy = FaultProxy.start(HOST, 0, HOST, coordinator.port())) {
            proxy.set(FaultProxy.Mode.DROP, 0, 2);
            try (CoordinatorClient client = CoordinatorClient.connect(HOST, proxy.port(), "")) {
                assertEquals(1, client.status().getNodesSize(), "answered after two dropped connections");
            }
            assertEquals(2, proxy.injected());
            assertEquals(3, proxy.accepted());
        }
    }
}
