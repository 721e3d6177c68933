package mlptrainer.node;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import mlptrainer.model.MlpWeights;
import mlptrainer.rpc.RpcConnection;
import mlptrainer.rpc.RpcLimits;
import mlptrainer.rpc.WireWeights;
import mlptrainer.rpc.gen.ComputeNode;
import mlptrainer.rpc.gen.InvalidRequest;
import mlptrainer.rpc.gen.TaskRequest;
import mlptrainer.testing.TestCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A compute node in its own JVM (at -Xmx128m, as TestCluster starts one) refuses a task whose
 * weights it cannot train within its heap, before allocating for it, and serves on.
 */
class NodeMemoryAdmissionTest {
    @TempDir
    Path root;

    @Test
    void aTaskTooLargeForTheNodesHeapIsRefusedWithTheFigures() throws Exception {
        try (TestCluster cluster = TestCluster.withData(root)) {
            TestCluster.ChildNode node = cluster.childNode(0.0, 0);
            try (RpcConnection<ComputeNode.Client> conn = RpcConnection.open(TestCluster.HOST, node.port(), 5_000,
                    120_000, RpcLimits.DEFAULT, ComputeNode.Client::new)) {
                InvalidRequest e = assertThrows(InvalidRequest.class,
                        () -> conn.client().run_task(task(4096, 1024)));
                assertTrue(e.getMessage().matches("task needs about \\d+ MB \\(h 4096, k 1024, d 4: \\d+ copies of the "
                        + "weights\\); this node can give a task \\d+ MB \\(heap \\d+ MB, 1 slot\\(s\\)\\); .*-Xmx.*"),
                        e.getMessage());
                assertTrue(conn.client().run_task(task(TestCluster.H, TestCluster.K)).isAccepted(),
                        "the node serves on");
                assertTrue(node.process().isAlive());
            }
        }
    }

    private static TaskRequest task(int h, int k) {
        MlpWeights w = MlpWeights.zeros(TestCluster.FEATURES, h, k);
        TaskRequest r = new TaskRequest(TestCluster.DIR + "/train_letters1.txt", null, k, h, 0.001, 1, 1);
        return r.setInitial_packed(WireWeights.pack(w));
    }
}
