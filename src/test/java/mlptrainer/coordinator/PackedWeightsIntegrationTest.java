package mlptrainer.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mlptrainer.model.MlpWeights;
import mlptrainer.node.ComputeNodeHandler;
import mlptrainer.node.ComputeNodeService;
import mlptrainer.rpc.AuthToken;
import mlptrainer.rpc.RpcLimits;
import mlptrainer.rpc.RpcServer;
import mlptrainer.rpc.Security;
import mlptrainer.rpc.ServerOptions;
import mlptrainer.rpc.TaskCodec;
import mlptrainer.rpc.WireWeights;
import mlptrainer.rpc.gen.ComputeNode;
import mlptrainer.rpc.gen.JobModel;
import mlptrainer.rpc.gen.JobState;
import mlptrainer.rpc.gen.NodeInfo;
import mlptrainer.rpc.gen.TaskRequest;
import mlptrainer.rpc.gen.TaskResult;
import mlptrainer.rpc.gen.TrainResult;
import mlptrainer.rpc.gen.Weights;
import mlptrainer.testing.TestCluster;
import org.apache.thrift.TException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The coordinator sends packed weights to nodes that say they read them and the original's lists
 * to nodes that do not (an older version), shipped shards included, asks again when it reconnects,
 * and a job's model is the same to the bit either way.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PackedWeightsIntegrationTest {
    @TempDir
    Path root;
    @TempDir
    Path elsewhere;
    private TestCluster cluster;
    private final List<ComputeNodeService> services = new ArrayList<>();

    @AfterEach
    void close() {
        if (cluster != null) {
            cluster.close();
        }
        services.forEach(ComputeNodeService::close);
        services.clear();
    }

    /** A real node that counts the form of each task's weights; as an older node, it does not mention packing. */
    private class CountingNode implements ComputeNode.Iface {
        private final ComputeNodeHandler real;
        private final boolean older;
        final AtomicInteger packed = new AtomicInteger();
        final AtomicInteger lists = new AtomicInteger();
        final AtomicInteger shipped = new AtomicInteger();

        /** @param dataRoot the node's own data root: the job's shards are shipped when it holds none */
        CountingNode(boolean older, Path dataRoot, long seed) throws IOException {
            ComputeNodeService service = new ComputeNodeService(TestCluster.nodeConfig(dataRoot, 0, 0, seed));
            services.add(service);
            this.real = new ComputeNodeHandler(service, AuthToken.NONE);
            this.older = older;
        }

        @Override
        public NodeInfo describe(String token) throws TException {
            NodeInfo info = real.describe(token);
            if (older) {
                info.unsetPacked_weights();
            }
            return info;
        }

        @Override
        public TaskResult run_task(TaskRequest request) throws TException {
            (request.isSetInitial_packed() ? packed : lists).incrementAndGet();
            if (request.isSetShard_bytes()) {
                shipped.incrementAndGet();
            }
            return real.run_task(request);
        }

        @Override
        public TrainResult train_with_weights(String file, Weights weights, double p, int k, int h, double eta,
                int epochs, int policy) throws TException {
            return real.train_with_weights(file, weights, p, k, h, eta, epochs, policy);
        }
    }

    private JobModel run(CountingNode first, CountingNode second) throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        cluster = TestCluster.withData(root);
        cluster.fakeNode(first);
        cluster.fakeNode(second);
        cluster.coordinator(3); // round-robin over the free nodes: both get tasks
        TestCluster.JobResult r = cluster.runJob(TestCluster.DIR);
        assertEquals(JobState.SUCCEEDED, r.status().getState(), r.status().getError());
        return r.model();
    }

    @Test
    void currentNodesGetPackedWeightsOlderOnesListsShippedShardsIncludedAndTheModelIsTheSameBits() throws Exception {
        CountingNode current = new CountingNode(false, root, 1);
        CountingNode older = new CountingNode(true, elsewhere, 2); // holds no shards: they are shipped to it
        JobModel mixed = run(current, older);
        assertTrue(current.packed.get() > 0 && current.lists.get() == 0,
                "current node: " + current.packed + " packed, " + current.lists + " lists");
        assertTrue(older.shipped.get() > 0, "the older node was shipped shards");
        assertTrue(older.lists.get() > 0 && older.packed.get() == 0,
                "older node: " + older.packed + " packed, " + older.lists + " lists");

        JobModel listsOnly = run(new CountingNode(true, root, 1), new CountingNode(true, root, 2));
        assertEquals(listsOnly.getLast(), mixed.getLast(), "same weights whichever form carried them");
    }

    @Test
    void aNodeRestartedAsAnOlderVersionAtTheSameAddressIsAskedAgainAndSentLists() throws Exception {
        TestCluster.writeData(root, TestCluster.DIR);
        MlpWeights initial = MlpWeights.initUniform(TestCluster.FEATURES, TestCluster.H, TestCluster.K, 3);
        TaskPlan plan = plan(initial);
        NodeClient client = new NodeClient(2_000, RpcLimits.DEFAULT, new Security(AuthToken.NONE, null));

        CountingNode current = new CountingNode(false, root, 1);
        NodeHandle node;
        AttemptResult before;
        try (RpcServer server = serve(current, 0)) {
            node = listed(server.port());
            before = client.run(node, plan, 20_000, new NodeClient.Call());
        }
        assertEquals(AttemptResult.Kind.ACCEPTED, before.kind(), before.error());
        assertEquals(1, current.packed.get(), "the current node got the task packed");

        CountingNode older = new CountingNode(true, root, 1);
        try (RpcServer server = serve(older, node.address().port())) {
            AttemptResult after = client.run(node, plan, 20_000, new NodeClient.Call());
            if (after.kind() == AttemptResult.Kind.TRANSPORT_ERROR) { // the pooled connection died with the old process
                after = client.run(node, plan, 20_000, new NodeClient.Call());
            }
            assertEquals(AttemptResult.Kind.ACCEPTED, after.kind(), after.error());
            assertEquals(0, older.packed.get(), "never sent packed weights");
            assertEquals(1, older.lists.get());
            assertEquals(before.deltas(), after.deltas(), "the same task, the same deltas");
        }
        node.closeIdleConnections();
    }

    @Test
    void deltasForAnotherNumberOfInputsAreABadResultNotAcceptedDeltas() throws Exception {
        MlpWeights initial = MlpWeights.initUniform(TestCluster.FEATURES, TestCluster.H, TestCluster.K, 3);
        MlpWeights wrongD = MlpWeights.zeros(TestCluster.FEATURES + 1, TestCluster.H, TestCluster.K);
        TaskPlan plan = plan(initial);
        ComputeNode.Iface node = new CountingNode(false, root, 1) {
            @Override
            public TaskResult run_task(TaskRequest request) {
                return new TaskResult(true, 0.5, null, 1, 1.0, 1L).setDeltas_packed(WireWeights.pack(wrongD));
            }
        };
        NodeClient client = new NodeClient(2_000, RpcLimits.DEFAULT, new Security(AuthToken.NONE, null));
        try (RpcServer server = serve(node, 0)) {
            NodeHandle handle = listed(server.port());
            AttemptResult r = client.run(handle, plan, 20_000, new NodeClient.Call());
            assertEquals(AttemptResult.Kind.BAD_RESULT, r.kind());
            assertEquals("bad deltas: the deltas are for d=5 inputs, the task's weights d=4", r.error());
            handle.closeIdleConnections();
        }
    }

    /** A node as the coordinator holds one of its node list: admitted, so it may be connected to. */
    private static NodeHandle listed(int port) {
        NodeRegistry registry = new NodeRegistry(1_000);
        registry.addListed(List.of(new NodeAddress(TestCluster.HOST, port)));
        return registry.all().get(0);
    }

    /** Shard 1's task from these weights, as RoundPlanner plans it but without a hash: nothing is ever shipped. */
    private static TaskPlan plan(MlpWeights initial) {
        TaskCodec.Task task = new TaskCodec.Task(TestCluster.DIR + "/train_letters1.txt", null,
                TaskCodec.RoundWeights.of(initial), TestCluster.K, TestCluster.ETA, TestCluster.EPOCHS, 1, 0L, null,
                null, Map.of(), null, null, 0);
        return new TaskPlan(0, task, () -> {
            throw new IllegalStateException("the node reads the file itself: nothing is shipped");
        }, DeltaBound.TaskLimits.NONE);
    }

    private static RpcServer serve(ComputeNode.Iface handler, int port) throws IOException {
        return RpcServer.start("node", new ComputeNode.Processor<>(handler),
                ServerOptions.onPort(port).withBindAddress(TestCluster.HOST));
    }
}
