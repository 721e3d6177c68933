package mlptrainer.coordinator;

import static mlptrainer.testing.TestCluster.EPOCHS;
import static mlptrainer.testing.TestCluster.ETA;
import static mlptrainer.testing.TestCluster.H;
import static mlptrainer.testing.TestCluster.K;
import static mlptrainer.testing.TestCluster.ROUNDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;
import mlptrainer.client.CoordinatorClient;
import mlptrainer.model.MlpWeights;
import mlptrainer.node.ComputeNodeServer;
import mlptrainer.rpc.WireWeights;
import mlptrainer.rpc.gen.CoordinatorStatus;
import mlptrainer.rpc.gen.JobState;
import mlptrainer.rpc.gen.JobStatus;
import mlptrainer.rpc.gen.NodeStat;
import mlptrainer.testing.TestCluster;
import mlptrainer.testing.TestCluster.JobResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Real compute nodes and a coordinator on loopback: jobs run to the end under each policy. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClusterIntegrationTest {
    @TempDir
    Path root;
    TestCluster cluster;

    @BeforeEach
    void data() throws Exception {
        TestCluster.writeData(root, "data");
    }

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void connectingAheadReachesTheNodesThatAreUpAndTheFirstJobReusesThoseConnections() throws Exception {
        cluster = new TestCluster(root);
        ComputeNodeServer a = cluster.node(0.0, 0);
        ComputeNodeServer b = cluster.node(0.0, 0);
        cluster.deadNode();
        CoordinatorServer server = cluster.coordinator(1);
        assertEquals("connected to 2 of 3 nodes", server.connectToNodes());
        assertEquals(1, a.rpc().openConnections(), "one connection per node that is up, kept open");
        assertEquals(1, b.rpc().openConnections());
        JobResult r = cluster.runJob("data");
        assertEquals(JobState.SUCCEEDED, r.status().getState(), r.status().getError());
        assertEquals(1, a.rpc().openConnections(), "the job's tasks went over the connection made ahead");
        assertEquals(1, b.rpc().openConnections());
        assertEquals("connected to 2 of 3 nodes", server.connectToNodes(), "nodes reached before count again");
    }

    /** Runs the standard job on a fresh cluster of 4 plain nodes; closes the cluster. */
    private JobResult runOnFreshCluster(int policy) throws Exception {
        try (TestCluster c = new TestCluster(root)) {
            c.nodes(4).coordinator(policy);
            return c.runJob("data");
        }
    }

    @Test
    void roundRobinJobOnSeveralNodesSucceedsAndUsesEveryNode() throws Exception {
        cluster = new TestCluster(root);
        cluster.nodes(4).coordinator(3);
        JobResult r = cluster.runJob("data");
        assertEquals(JobState.SUCCEEDED, r.status().getState(), r.status().getError());
        assertEquals(ROUNDS, r.status().getRounds_doneSize());
        assertEquals(r.status().getRounds_done().get(ROUNDS - 1).getValidation_error(), r.finalError());
        for (NodeStat n : r.status().getNodes()) {
            // 4 tasks a round, 4 free nodes in list order: each node runs one task per round
            assertEquals(ROUNDS, n.getTasks_accepted(), n.getNode());
        }
        assertEquals(4, r.model().getD());
        assertEquals(H, r.model().getH());
        assertEquals(K, r.model().getK());
        MlpWeights last = WireWeights.fromWire(r.model().getLast(), H, K);
        assertTrue(last.isFinite());
        assertTrue(!last.equals(MlpWeights.initUniform(4, H, K, TrainingJob.INIT_SEED)), "the model was trained");
    }

    @Test
    void finalModelIsBitForBitTheSameUnderEveryPolicy() throws Exception {
        JobResult roundRobin = runOnFreshCluster(3);
        JobResult random = runOnFreshCluster(1);
        JobResult loadBalancing;
        try (TestCluster c = new TestCluster(root)) {
            // policy 2 with load: one node rejects every task (p=1), the others inject 20 ms of load at p=0.3
            c.node(TestCluster.nodeConfig(root, 1.0, 20, 1));
            for (int i = 0; i < 3; i++) {
                c.node(TestCluster.nodeConfig(root, 0.3, 20, 10 + i));
            }
            c.coordinator(2);
            loadBalancing = c.runJob("data");
        }
        for (JobResult r : List.of(roundRobin, random, loadBalancing)) {
            assertEquals(JobState.SUCCEEDED, r.status().getState(), r.status().getError());
        }
        // every node is free when round 1 starts, so the always-rejecting node is offered a task
        assertTrue(loadBalancing.status().getRejections() > 0, "policy 2 made nodes reject tasks");
        assertEquals(roundRobin.model().getLast(), random.model().getLast());
        assertEquals(roundRobin.model().getLast(), loadBalancing.model().getLast());
        assertEquals(roundRobin.finalError(), random.finalError());
        assertEquals(roundRobin.finalError(), loadBalancing.finalError());
        assertEquals(roundRobin.status().getRounds_done().stream().map(s -> s.getValidation_error()).toList(),
                loadBalancing.status().getRounds_done().stream().map(s -> s.getValidation_error()).toList());
    }

    @Test
    void legacyBlockingTrainReturnsTheSameErrorAsStartJob() throws Exception {
        cluster = new TestCluster(root);
        cluster.nodes(3).coordinator(1);
        JobResult viaJob = cluster.runJob("data");
        double viaTrain;
        try (CoordinatorClient c = cluster.client()) {
            viaTrain = c.trainBlocking("data", ROUNDS, EPOCHS, H, K, ETA);
        }
        assertEquals(viaJob.finalError(), viaTrain);
    }

    @Test
    void coordinatorKeepsFinishedJobsReadableByIdAndServesTheNext() throws Exception {
        cluster = new TestCluster(root);
        cluster.nodes(2).coordinator(3);
        JobResult first = cluster.runJob("data");
        JobResult second = cluster.runJob("data");
        assertEquals(first.model().getLast(), second.model().getLast());
        try (CoordinatorClient c = cluster.client()) {
            assertEquals(2, c.status().getJobsSize());
            assertNotNull(c.model(first.status().getJob_id()).getLast());
        }
    }

    @Test
    void eachJobsNodeCountersCountOnlyThatJobsTasks() throws Exception {
        cluster = new TestCluster(root);
        // policy 2: the first node rejects every task; every node is free when a job's first round starts,
        // so each job offers it a task. Without speculation every attempt ends before its round does.
        cluster.node(TestCluster.nodeConfig(root, 1.0, 0, 1));
        cluster.nodes(2).coordinator(2, SchedulerOptions.DEFAULTS.withSpeculation(0, 0));
        JobStatus first = cluster.runJob("data", 3, EPOCHS, H, ETA, Map.of()).status();
        JobStatus second = cluster.runJob("data", 2, EPOCHS, H, ETA, Map.of()).status();
        assertEquals(JobState.SUCCEEDED, first.getState(), first.getError());
        assertEquals(JobState.SUCCEEDED, second.getState(), second.getError());

        // 4 shards a round: 3 rounds = 12 tasks in job 1, 2 rounds = 8 in job 2, each accepted once
        assertJobCounts(first, 12);
        assertJobCounts(second, 8);
        CoordinatorStatus all;
        try (CoordinatorClient c = cluster.client()) {
            all = c.status();
        }
        assertEquals(first.getNodes(), all.getJobs().get(0).getNodes(), "job 2 changed job 1's counts");
        // the coordinator-wide counters keep counting across jobs: per node, job 1's plus job 2's
        assertEquals(3, all.getNodesSize());
        for (NodeStat n : all.getNodes()) {
            for (ToLongFunction<NodeStat> counter : List.<ToLongFunction<NodeStat>>of(NodeStat::getTasks_accepted,
                    NodeStat::getTasks_rejected, NodeStat::getTasks_failed, NodeStat::getBusy_ms)) {
                assertEquals(counter.applyAsLong(n), countOf(first, n.getNode(), counter)
                        + countOf(second, n.getNode(), counter), n.toString());
            }
        }
    }

    /** The job's node counters add up to its tasks and its rejections; every node was offered a task. */
    private static void assertJobCounts(JobStatus s, int tasks) {
        assertEquals(3, s.getNodesSize(), s.getNodes().toString());
        assertEquals(tasks, sum(s, NodeStat::getTasks_accepted), s.getNodes().toString());
        assertTrue(s.getRejections() > 0, "the rejecting node was offered a task of job " + s.getJob_id());
        assertEquals(s.getRejections(), sum(s, NodeStat::getTasks_rejected), s.getNodes().toString());
        assertEquals(0, sum(s, NodeStat::getTasks_failed), s.getNodes().toString());
        assertEquals(0, s.getNodes().get(0).getTasks_accepted(), "the first node rejects every task");
        s.getNodes().forEach(n -> assertTrue(n.isUp(), n.toString()));
    }

    private static long sum(JobStatus s, ToLongFunction<NodeStat> counter) {
        return s.getNodes().stream().mapToLong(counter).sum();
    }

    private static long countOf(JobStatus s, String node, ToLongFunction<NodeStat> counter) {
        Map<String, NodeStat> byName = s.getNodes().stream().collect(Collectors.toMap(NodeStat::getNode, n -> n));
        return byName.containsKey(node) ? counter.applyAsLong(byName.get(node)) : 0;
    }
}
