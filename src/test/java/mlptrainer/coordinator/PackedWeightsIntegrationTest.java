package mlptrainer.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mlptrainer.node.ComputeNodeHandler;
import mlptrainer.node.ComputeNodeService;
import mlptrainer.rpc.AuthToken;
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
 * to nodes that do not (an older version), and a job's model is the same to the bit either way.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PackedWeightsIntegrationTest {
    @TempDir
    Path root;
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
    private final class CountingNode implements ComputeNode.Iface {
        private final ComputeNodeHandler real;
        private final boolean older;
        final AtomicInteger packed = new AtomicInteger();
        final AtomicInteger lists = new AtomicInteger();

        CountingNode(boolean older, long seed) throws IOException {
            ComputeNodeService service = new ComputeNodeService(TestCluster.nodeConfig(root, 0, 0, seed));
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
    void currentNodesGetPackedWeightsOlderOnesListsAndTheModelIsTheSameBits() throws Exception {
        CountingNode current = new CountingNode(false, 1);
        CountingNode older = new CountingNode(true, 2);
        JobModel mixed = run(current, older);
        assertTrue(current.packed.get() > 0 && current.lists.get() == 0,
                "current node: " + current.packed + " packed, " + current.lists + " lists");
        assertTrue(older.lists.get() > 0 && older.packed.get() == 0,
                "older node: " + older.packed + " packed, " + older.lists + " lists");

        JobModel listsOnly = run(new CountingNode(true, 1), new CountingNode(true, 2));
        assertEquals(listsOnly.getLast(), mixed.getLast(), "same weights whichever form carried them");
    }
}
