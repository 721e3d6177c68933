package mlptrainer.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mlptrainer.client.CoordinatorClient;
import mlptrainer.model.Presets;
import mlptrainer.rpc.RpcConnection;
import mlptrainer.rpc.RpcLimits;
import mlptrainer.rpc.RpcServer;
import mlptrainer.rpc.ServerOptions;
import mlptrainer.rpc.WireWeights;
import mlptrainer.rpc.gen.ComputeNode;
import mlptrainer.rpc.gen.InvalidRequest;
import mlptrainer.rpc.gen.JobState;
import mlptrainer.rpc.gen.NodeInfo;
import mlptrainer.rpc.gen.TaskRequest;
import mlptrainer.rpc.gen.TaskResult;
import mlptrainer.rpc.gen.TrainResult;
import mlptrainer.rpc.gen.Weights;
import mlptrainer.testing.TestCluster;
import mlptrainer.testing.TestCluster.JobResult;
import org.apache.thrift.TException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training settings beyond the course over real servers: mini-batch training is deterministic
 * whatever the policy and the number of nodes; unknown settings are refused by the coordinator and
 * by nodes; a node that does not list a setting is never sent the task.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TrainingSettingsIntegrationTest {
    private static final Map<String, String> RECIPE = Presets.settings(Presets.ACCURATE);
    @TempDir
    Path root;
    private TestCluster cluster;

    @AfterEach
    void close() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private JobResult run(int nodes, int policy, Map<String, String> settings) throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        TestCluster.writeData(root, "data");
        cluster = new TestCluster(root).nodes(nodes);
        cluster.coordinator(policy);
        JobResult r = cluster.runJob("data", 4, 2, 8, 0.1, settings);
        assertEquals(JobState.SUCCEEDED, r.status().getState(), r.status().getError());
        return r;
    }

    @Test
    void miniBatchTrainingIsTheSameAcrossPoliciesAndNodeCounts() throws Exception {
        JobResult one = run(1, 1, RECIPE);
        JobResult three = run(3, 3, RECIPE);
        JobResult four = run(4, 2, RECIPE);
        assertEquals(one.model().getLast(), three.model().getLast());
        assertEquals(one.model().getLast(), four.model().getLast());
        assertEquals(one.finalError(), four.finalError());
        assertTrue(one.model().isSetFeature_mean(), "a standardised job's model carries its standardisation");
    }

    @Test
    void settingsChangeTheModelAndTheCourseDefaultsDoNot() throws Exception {
        JobResult course = run(2, 1, Map.of());
        JobResult explicitCourse = run(2, 3, Map.of("optimizer", "gd"));
        JobResult recipe = run(2, 1, RECIPE);
        assertEquals(course.model().getLast(), explicitCourse.model().getLast());
        assertNotEquals(course.model().getLast(), recipe.model().getLast());
    }

    @Test
    void unknownSettingsAreRefusedByTheCoordinatorAndByNodes() throws Exception {
        TestCluster.writeData(root, "data");
        cluster = new TestCluster(root).nodes(1);
        cluster.coordinator(1);
        try (CoordinatorClient c = cluster.client()) {
            InvalidRequest e = assertThrows(InvalidRequest.class,
                    () -> c.startJob("data", 1, 1, 4, 3, 0.1, Map.of("warp_speed", "9")));
            assertTrue(e.getMessage().contains("warp_speed"), e.getMessage());
        }
        NodeAddress node = cluster.addresses().get(0);
        try (RpcConnection<ComputeNode.Client> n = RpcConnection.open(node.host(), node.port(), 2000, 10000,
                RpcLimits.DEFAULT, ComputeNode.Client::new)) {
            TaskRequest r = new TaskRequest("data/train_letters1.txt",
                    WireWeights.toWire(mlptrainer.model.MlpWeights.initUniform(4, 3, 3, 1L)), 3, 3, 0.1, 1, 1);
            r.setSettings(Map.of("optimizer", "adam", "warp_speed", "9"));
            InvalidRequest e = assertThrows(InvalidRequest.class, () -> n.client().run_task(r));
            assertTrue(e.getMessage().contains("warp_speed"), e.getMessage());
        }
    }

    /** A node of an older version: it lists no settings, and fails the test if it is ever sent a task. */
    private static final class OldNode implements ComputeNode.Iface {
        volatile int tasks;

        @Override
        public TrainResult train_with_weights(String f, Weights w, double p, int k, int h, double eta, int e, int s) {
            tasks++;
            return new TrainResult(false, 0, null);
        }

        @Override
        public NodeInfo describe(String token) {
            return new NodeInfo("0.9", 1, 0, java.util.Set.of(), true);
        }

        @Override
        public TaskResult run_task(TaskRequest r) throws TException {
            tasks++;
            throw new InvalidRequest("sent a task with settings it never listed");
        }
    }

    /**
     * One shard, so the job's only task goes to the old node first (learning what it speaks) and
     * then waits: the job fails once that task has waited the no-node bound with the node's answer
     * known. With four shards, the others waited from the round's start, and on a loaded machine
     * one ran out of the bound while the node's first call was still in flight ("busy").
     */
    @Test
    void aNodeThatDoesNotListTheSettingsIsNeverSentTheTask() throws Exception {
        TestCluster.writeOneShardData(root, "one");
        OldNode old = new OldNode();
        try (RpcServer server = RpcServer.start("old", new ComputeNode.Processor<>(old),
                ServerOptions.onPort(0).withBindAddress(TestCluster.HOST))) {
            cluster = new TestCluster(root);
            cluster.listed(new NodeAddress(TestCluster.HOST, server.port()));
            cluster.coordinator(1, SchedulerOptions.DEFAULTS.withNoNodeTimeoutMs(1_000));
            JobResult r = cluster.runJob("one", 1, 1, 4, 0.1, RECIPE);
            assertEquals(JobState.FAILED, r.status().getState());
            assertTrue(r.status().getError().contains("does not support the settings"), r.status().getError());
            assertEquals(0, old.tasks);
        }
    }

    @Test
    void inAMixedClusterTheNodesThatCanRunTheSettingsTrainAndTheJobSucceeds() throws Exception {
        JobResult reference = run(1, 1, RECIPE);
        OldNode old = new OldNode();
        try (RpcServer server = RpcServer.start("old", new ComputeNode.Processor<>(old),
                ServerOptions.onPort(0).withBindAddress(TestCluster.HOST))) {
            cluster.close();
            cluster = new TestCluster(root);
            cluster.listed(new NodeAddress(TestCluster.HOST, server.port()));
            cluster.nodes(1);
            cluster.coordinator(1);
            JobResult r = cluster.runJob("data", 4, 2, 8, 0.1, RECIPE);
            assertEquals(JobState.SUCCEEDED, r.status().getState(), r.status().getError());
            assertEquals(reference.model().getLast(), r.model().getLast());
            assertEquals(0, old.tasks);
        }
    }
}
