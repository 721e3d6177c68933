package mlptrainer.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mlptrainer.client.CoordinatorClient;
import mlptrainer.node.ComputeNodeServer;
import mlptrainer.rpc.ServerOptions;
import mlptrainer.rpc.gen.Assignment;
import mlptrainer.rpc.gen.JobState;
import mlptrainer.rpc.gen.JobStatus;
import mlptrainer.testing.TestCluster;
import mlptrainer.testing.TestCluster.JobResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import mlptrainer.rpc.RpcServer;
import mlptrainer.rpc.gen.ComputeNode;
import mlptrainer.rpc.gen.InvalidRequest;
import mlptrainer.rpc.gen.NodeInfo;
import mlptrainer.rpc.gen.TaskRequest;
import mlptrainer.rpc.gen.TaskResult;
import mlptrainer.rpc.gen.TrainResult;
import mlptrainer.rpc.gen.Weights;
import org.apache.thrift.TApplicationException;
import org.apache.thrift.TException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Nodes that stop, are down, or refuse a task: the job recovers or fails with a clear message. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FailureIntegrationTest {
    /** No backup attempts, so a slow task stays on its node until the test stops the node. */
    private static final SchedulerOptions NO_SPECULATION = SchedulerOptions.DEFAULTS.withSpeculation(0, 0);
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

    private JobResult faultFreeRun() throws Exception {
        try (TestCluster c = new TestCluster(root)) {
            c.nodes(3).coordinator(3);
            JobResult r = c.runJob("data");
            assertEquals(JobState.SUCCEEDED, r.status().getState(), r.status().getError());
            return r;
        }
    }

    @Test
    void nodeStoppedMidTaskGetsItsTaskRunElsewhereWithTheSameResult() throws Exception {
        JobResult expected = faultFreeRun();
        cluster = new TestCluster(root);
        // first in the list, so round-robin gives it shard 1; p=1 with a minute of load keeps that task in flight
        ComputeNodeServer slow = cluster.node(TestCluster.nodeConfig(root, 1.0, 60_000, 1));
        String slowName = TestCluster.HOST + ":" + slow.port();
        cluster.nodes(3).coordinator(3, NO_SPECULATION);
        try (CoordinatorClient c = cluster.client()) {
            String id = c.startJob("data", TestCluster.ROUNDS, TestCluster.EPOCHS, TestCluster.H, TestCluster.K,
                    TestCluster.ETA, Map.of());
            JobStatus s = c.awaitStatus(id);
            // wait until the other three shards of round 1 are done and only the slow node's task runs
            while (!(s.getRound() == 0 && s.getTasks_total() == 4 && s.getTasks_done() == 3
                    && s.getRunning().equals(java.util.List.of(new Assignment(1, slowName))))) {
                assertEquals(JobState.RUNNING, s.getState(), "the job ended before the node was stopped");
                s = c.awaitStatus(id);
            }
            slow.close();
            JobStatus end = TestCluster.awaitEnd(c, id);
            assertEquals(JobState.SUCCEEDED, end.getState(), end.getError());
            assertTrue(end.getFailed_nodes().contains(slowName), end.getFailed_nodes().toString());
            assertTrue(end.getRetries() >= 1);
            assertEquals(expected.model().getLast(), c.model(id).getLast());
            assertEquals(expected.finalError(), end.getFinal_error());
        }
    }

    /**
     * One shard, so the job's only task is offered to each node in turn before it waits: the job
     * fails once both have refused the connection, whatever the machine's load; with more shards
     * than nodes, a task could run out of the no-node bound while the nodes' first calls were
     * still in flight, and the error would not name why.
     */
    @Test
    void allNodesDownFailsTheJobNamingTheNodesThenTheNextJobRunsOnceANodeIsUp() throws Exception {
        TestCluster.writeOneShardData(root, "one");
        cluster = new TestCluster(root);
        NodeAddress a = cluster.deadNode();
        NodeAddress b = cluster.deadNode();
        cluster.coordinator(1, SchedulerOptions.DEFAULTS.withNoNodeTimeoutMs(1500));
        try (CoordinatorClient c = cluster.client()) {
            String id = c.startJob("one", 1, 1, 2, TestCluster.K, TestCluster.ETA, Map.of());
            JobStatus end = TestCluster.awaitEnd(c, id);
            assertEquals(JobState.FAILED, end.getState());
            String error = end.getError();
            assertTrue(error.contains(a.toString()) && error.contains(b.toString()), error);
            assertTrue(error.contains("connection refused"), error);
            assertTrue(error.contains("train_letters"), "names the task's file: " + error);

            // the original's blocking call reports the same failure as an application exception
            org.apache.thrift.TApplicationException legacy = org.junit.jupiter.api.Assertions.assertThrows(
                    org.apache.thrift.TApplicationException.class,
                    () -> c.trainBlocking("one", 1, 1, 2, TestCluster.K, TestCluster.ETA));
            assertTrue(legacy.getMessage().contains(a.toString()) && legacy.getMessage().contains(b.toString()),
                    legacy.getMessage());

            // the coordinator is still up; a node that comes up on a listed address is used
            cluster.nodeOnPort(a.port());
            String next = c.startJob("one", 1, 1, 2, TestCluster.K, TestCluster.ETA, Map.of());
            JobStatus ok = TestCluster.awaitEnd(c, next);
            assertEquals(JobState.SUCCEEDED, ok.getState(), ok.getError());
        }
    }

    /** Writes a node-side copy of the data where line 3 of each given shard has one column too many. */
    private Path corruptCopy(int... shards) throws Exception {
        Path nodeRoot = Files.createDirectories(root.resolve("node-root"));
        Path data = TestCluster.writeData(nodeRoot, "data");
        for (int n : shards) {
            Path shard = data.resolve("train_letters" + n + ".txt");
            java.util.List<String> lines = new java.util.ArrayList<>(Files.readAllLines(shard));
            lines.set(2, "1," + lines.get(2));
            Files.write(shard, lines);
        }
        return nodeRoot;
    }

    /** A node that refuses every task as a node with a bad file would: the message names the file and line. */
    private static final class RefusingNode implements ComputeNode.Iface {
        @Override
        public TrainResult train_with_weights(String file, Weights w, double p, int k, int h, double eta, int epochs,
                int policy) throws TException {
            throw new TApplicationException(TApplicationException.INTERNAL_ERROR, file + " line 3: bad");
        }

        @Override
        public NodeInfo describe(String token) {
            return new NodeInfo("fake", 1, 0, java.util.Set.of(), true);
        }

        @Override
        public TaskResult run_task(TaskRequest r) throws InvalidRequest {
            throw new InvalidRequest(r.getTraining_file() + " line 3: expected 5 columns like line 1, found 6");
        }
    }

    @Test
    void nodeRefusalReachesTheClientNamingNodeFileAndLine() throws Exception {
        cluster = new TestCluster(root);
        try (RpcServer refusing = RpcServer.start("refusing", new ComputeNode.Processor<>(new RefusingNode()),
                ServerOptions.onPort(0).withBindAddress(TestCluster.HOST))) {
            cluster.listed(new NodeAddress(TestCluster.HOST, refusing.port()));
            cluster.coordinator(3);
            JobResult r = cluster.runJob("data");
            assertEquals(JobState.FAILED, r.status().getState());
            String error = r.status().getError();
            assertTrue(error.contains(TestCluster.HOST + ":" + refusing.port()), error);
            assertTrue(error.contains("data/train_letters1.txt line 3"), error);
        }
    }

    @Test
    void staleLocalCopiesAreNotTrainedTheCoordinatorsVersionIsShipped() throws Exception {
        JobResult expected = faultFreeRun();
        // every shard differs on this node; it must train the coordinator's version, shipped to it
        Path nodeRoot = corruptCopy(1, 2, 3, 4);
        cluster = new TestCluster(root);
        ComputeNodeServer stale = cluster.node(TestCluster.nodeConfig(nodeRoot, 0, 0, 1));
        cluster.coordinator(3);
        JobResult r = cluster.runJob("data");
        assertEquals(JobState.SUCCEEDED, r.status().getState(), r.status().getError());
        assertEquals(expected.model().getLast(), r.model().getLast());
        assertEquals(4, stale.service().shardCache().received());
    }
}
