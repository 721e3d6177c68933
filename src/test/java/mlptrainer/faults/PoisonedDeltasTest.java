package mlptrainer.faults;

import static mlptrainer.faults.FaultFreeRun.assertSameAsFaultFree;
import static mlptrainer.testing.TestCluster.awaitEnd;
import static mlptrainer.testing.TestCluster.nodeStat;
import static mlptrainer.testing.TestCluster.scheduler;
import static mlptrainer.testing.TestCluster.startJob;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mlptrainer.client.CoordinatorClient;
import mlptrainer.data.DataRoot;
import mlptrainer.model.MlpWeights;
import mlptrainer.node.ComputeNodeHandler;
import mlptrainer.node.ComputeNodeServer;
import mlptrainer.node.ComputeNodeService;
import mlptrainer.node.NodeConfig;
import mlptrainer.rpc.AuthToken;
import mlptrainer.rpc.RpcServer;
import mlptrainer.rpc.WireWeights;
import mlptrainer.rpc.gen.ComputeNode;
import mlptrainer.rpc.gen.JobModel;
import mlptrainer.rpc.gen.JobState;
import mlptrainer.rpc.gen.JobStatus;
import mlptrainer.rpc.gen.NodeInfo;
import mlptrainer.rpc.gen.TaskRequest;
import mlptrainer.rpc.gen.TaskResult;
import mlptrainer.rpc.gen.TrainResult;
import mlptrainer.rpc.gen.Weights;
import mlptrainer.testing.TestCluster;
import org.apache.thrift.TException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 15, item 1's poisoned deltas: a rogue compute node, listed beside honest ones, trains as a
 * real node does but multiplies the deltas it returns by a huge factor on chosen tasks, and claims
 * many slots so that it takes most of a job's tasks. Its lies must never reach the model.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PoisonedDeltasTest {
    /** The slots the rogue claims: with them it is free for nearly every task. */
    private static final int ROGUE_SLOTS = 8;

    @TempDir
    Path tmp;
    TestCluster cluster;
    RogueNode rogue;

    @BeforeEach
    void setUp() throws Exception {
        FaultFreeRun.model();
        cluster = TestCluster.withData(tmp);
    }

    @AfterEach
    void tearDown() {
        cluster.close();
        if (rogue != null) {
            rogue.service.close();
        }
    }

    /** A real node's training behind a face that lies: its deltas times {@code factor} on the calls in {@code lies}. */
    static final class RogueNode implements ComputeNode.Iface {
        final ComputeNodeService service;
        final ComputeNode.Iface honest;
        final double factor;
        final Set<Integer> lies;
        final AtomicInteger calls = new AtomicInteger();
        final AtomicInteger lied = new AtomicInteger();

        /** @param lies the 1-based numbers of the run_task calls to lie on; null: every one */
        RogueNode(Path dataRoot, double factor, Set<Integer> lies) throws IOException {
            this.service = new ComputeNodeService(new NodeConfig(0.0, 0, ROGUE_SLOTS, new DataRoot(dataRoot), 64,
                    7L, null, NodeConfig.DEFAULT_VAULT_BYTES));
            this.honest = new ComputeNodeHandler(service, AuthToken.NONE);
            this.factor = factor;
            this.lies = lies;
        }

        @Override
        public NodeInfo describe(String token) throws TException {
            return honest.describe(token).setSlots(ROGUE_SLOTS);
        }

        @Override
        public TaskResult run_task(TaskRequest r) throws TException {
            TaskResult result = honest.run_task(r);
            if (!result.isAccepted() || (lies != null && !lies.contains(calls.incrementAndGet()))) {
                return result;
            }
            lied.incrementAndGet();
            if (result.isSetDeltas_packed()) {
                MlpWeights d = WireWeights.unpack(result.bufferForDeltas_packed(), r.getH(), r.getK());
                d.scaleInPlace(factor);
                return result.setDeltas_packed(WireWeights.pack(d));
            }
            MlpWeights d = WireWeights.fromWire(result.getDeltas(), r.getH(), r.getK());
            d.scaleInPlace(factor);
            return result.setDeltas(WireWeights.toWire(d));
        }

        @Override
        public TrainResult train_with_weights(String file, Weights initial, double p, int k, int h, double eta,
                int epochs, int policy) throws TException {
            return honest.train_with_weights(file, initial, p, k, h, eta, epochs, policy);
        }
    }

    /** Runs the standard job on the rogue (listed first) and two honest nodes; returns its end. */
    private JobStatus runBesideHonestNodes(RogueNode node) throws Exception {
        rogue = node;
        RpcServer fake = cluster.fakeNode(node);
        ComputeNodeServer a = cluster.node(0, 0);
        ComputeNodeServer b = cluster.node(0, 0);
        cluster.coordinator(scheduler(30_000, 30_000), fake.port(), a.port(), b.port());
        CoordinatorClient client = cluster.client();
        return awaitEnd(client, startJob(client));
    }

    @Test
    void occasionalLiesAreRefusedAndTheModelIsTheHonestOne() throws Exception {
        RogueNode node = new RogueNode(tmp, 1e300, Set.of(1));
        JobStatus end = runBesideHonestNodes(node);
        assertEquals(JobState.SUCCEEDED, end.getState(), end::getError);
        assertEquals(1, node.lied.get(), "the rogue did not get the task it lies on");
        int port = cluster.addresses().get(0).port();
        assertEquals(1, nodeStat(end, port).getTasks_failed(), "the lie was not refused");
        assertSameAsFaultFree(cluster.client().model(end.getJob_id()));
        System.out.println("ATTACK occasional-lies x1e300: " + node.calls.get() + " tasks on the rogue, "
                + node.lied.get() + " lie(s) refused, job " + end.getState() + ", model bit-identical");
    }

    @Test
    void twoLiesOfDifferentSizesInOneJobAreBothRefused() throws Exception {
        RogueNode node = new RogueNode(tmp, 1e6, Set.of(1, 3));
        JobStatus end = runBesideHonestNodes(node);
        assertEquals(JobState.SUCCEEDED, end.getState(), end::getError);
        assertEquals(2, node.lied.get(), "the rogue did not get the tasks it lies on");
        assertEquals(2, nodeStat(end, cluster.addresses().get(0).port()).getTasks_failed(), "a lie was accepted");
        assertSameAsFaultFree(cluster.client().model(end.getJob_id()));
        System.out.println("ATTACK occasional-lies x1e6: " + node.calls.get() + " tasks on the rogue, "
                + node.lied.get() + " lies refused, job " + end.getState() + ", model bit-identical");
    }

    @ParameterizedTest(name = "x{0}")
    @ValueSource(doubles = {1e300, 1e12, 1e6})
    void aNodeThatAlwaysLiesFailsTheJobByName(double factor) throws Exception {
        RogueNode node = new RogueNode(tmp, factor, null);
        JobStatus end = runBesideHonestNodes(node);
        String address = cluster.addresses().get(0).toString();
        assertEquals(JobState.FAILED, end.getState(), "a job whose rogue node always lies succeeded, final error "
                + end.getFinal_error());
        assertTrue(end.getError().contains(address), end.getError());
        assertTrue(end.getError().contains("implausible"), end.getError());
        System.out.println("ATTACK always-lies x" + factor + ": " + node.lied.get() + " lies, job "
                + end.getState() + ": " + end.getError());
    }

    /**
     * On the letters data with the course's 50 epochs the absolute bound allows ~1e49, so a lie of
     * x1e6 is left to the relative check: the round's other nodes sent deltas a million times smaller.
     */
    @Test
    void aLieBelowTheBoundIsRefusedByComparisonWithTheOtherNodes() throws Exception {
        Path repo = Path.of("").toAbsolutePath();
        JobModel honest;
        try (TestCluster clean = new TestCluster(repo)) {
            clean.nodes(2);
            clean.coordinator(1, scheduler(60_000, 60_000));
            honest = clean.runJob("letters", 2, 50, 24, 0.0001, Map.of(), 26).model();
        }
        cluster.close();
        cluster = new TestCluster(repo);
        rogue = new RogueNode(repo, 1e6, Set.of(2));
        RpcServer fake = cluster.fakeNode(rogue);
        cluster.nodes(2);
        cluster.coordinator(1, scheduler(60_000, 60_000));
        TestCluster.JobResult r = cluster.runJob("letters", 2, 50, 24, 0.0001, Map.of(), 26);
        assertEquals(JobState.SUCCEEDED, r.status().getState(), r.status().getError());
        assertEquals(1, rogue.lied.get(), "the rogue did not get the task it lies on");
        assertEquals(1, nodeStat(r.status(), fake.port()).getTasks_failed(), "the lie was not refused");
        assertEquals(honest.getLast(), r.model().getLast(), "the lie changed the model");
        System.out.println("ATTACK lie-below-bound x1e6 (letters, course): " + rogue.calls.get()
                + " tasks on the rogue, 1 lie refused, job SUCCEEDED, model bit-identical");
    }

    /**
     * Honest results of one round can differ in size by far more than the screen's factor: here
     * one shard holds 200 times the rows of the others, so the course's summed gradient, at this
     * eta, makes its training diverge. The relative check refuses such a result once, and accepts
     * it when another node reproduces it: the job succeeds with the model a single node (which is
     * not checked: no other node could confirm) trains.
     */
    @Test
    void anHonestOutlierIsAcceptedOnceAnotherNodeReproducesIt() throws Exception {
        Path big = tmp.resolve(TestCluster.DIR).resolve("train_letters1.txt");
        Files.writeString(big, Files.readString(big).repeat(200));
        cluster.nodes(1);
        cluster.coordinator(1, scheduler(60_000, 60_000));
        TestCluster.JobResult alone = cluster.runJob(TestCluster.DIR, TestCluster.ROUNDS, TestCluster.EPOCHS,
                TestCluster.H, TestCluster.ETA, Map.of());
        assertEquals(JobState.SUCCEEDED, alone.status().getState(), alone.status().getError());
        cluster.close();
        cluster = new TestCluster(tmp);
        cluster.nodes(3);
        cluster.coordinator(1, scheduler(60_000, 60_000));
        TestCluster.JobResult r = cluster.runJob(TestCluster.DIR, TestCluster.ROUNDS, TestCluster.EPOCHS,
                TestCluster.H, TestCluster.ETA, Map.of());
        assertEquals(JobState.SUCCEEDED, r.status().getState(), r.status().getError());
        assertTrue(r.status().getRetries() >= 1, "the diverging shard was not refused: nothing was tested");
        assertEquals(alone.model().getLast(), r.model().getLast(), "the model differs from the one node's");
        System.out.println("ATTACK honest-outlier: " + r.status().getRetries() + " refusal(s) confirmed by a re-run,"
                + " job SUCCEEDED, model equal to one node's");
    }
}
