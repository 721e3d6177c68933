package mlptrainer.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import mlptrainer.model.MlpWeights;
import mlptrainer.rpc.RpcConnection;
import mlptrainer.rpc.RpcLimits;
import mlptrainer.rpc.ServerOptions;
import mlptrainer.rpc.WireWeights;
import mlptrainer.rpc.gen.ComputeNode;
import mlptrainer.rpc.gen.InvalidRequest;
import mlptrainer.rpc.gen.NodeInfo;
import mlptrainer.rpc.gen.TaskRequest;
import mlptrainer.rpc.gen.TaskResult;
import mlptrainer.rpc.gen.TrainResult;
import mlptrainer.rpc.gen.Weights;
import mlptrainer.testing.TestCluster;
import org.apache.thrift.TApplicationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A compute node's wire contract, called as the original's coordinator would (train_with_weights) and as ours. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ComputeNodeContractTest {
    @TempDir
    Path root;
    ComputeNodeServer node;
    RpcConnection<ComputeNode.Client> conn;
    final Weights initial = WireWeights.toWire(MlpWeights.initUniform(4, TestCluster.H, TestCluster.K, 3));

    private ComputeNode.Client start(double p) throws Exception {
        node = ComputeNodeServer.start(TestCluster.nodeConfig(root, p, 0, 5),
                ServerOptions.onPort(0).withBindAddress(TestCluster.HOST));
        conn = RpcConnection.open(TestCluster.HOST, node.port(), 2000, 20_000, RpcLimits.DEFAULT,
                ComputeNode.Client::new);
        return conn.client();
    }

    @BeforeEach
    void data() throws Exception {
        TestCluster.writeData(root, "data");
    }

    @AfterEach
    void stop() {
        if (conn != null) {
            conn.close();
        }
        if (node != null) {
            node.close();
        }
    }

    private TrainResult legacy(ComputeNode.Client c, String file, int policy) throws Exception {
        return c.train_with_weights(file, initial, 0.0, TestCluster.K, TestCluster.H, TestCluster.ETA,
                TestCluster.EPOCHS, policy);
    }

    @Test
    void originalCallReturnsDeltasOfTheRequestShapeAndAnErrorRate() throws Exception {
        TrainResult r = legacy(start(0), "data/train_letters1.txt", 1);
        assertTrue(r.isAccepted());
        assertTrue(r.getTraining_error() >= 0 && r.getTraining_error() <= 1, String.valueOf(r.getTraining_error()));
        MlpWeights deltas = WireWeights.fromWire(r.getWeights(), TestCluster.H, TestCluster.K);
        assertEquals(4, deltas.inputs());
        assertFalse(deltas.equals(MlpWeights.zeros(4, TestCluster.H, TestCluster.K)), "some weight changed");
        // the same task again gives the same deltas: nodes are deterministic, which round results rely on
        assertEquals(r, legacy(conn.client(), "data/train_letters1.txt", 3));
    }

    @Test
    void nodeUsesItsOwnLoadProbabilityToRejectUnderPolicy2() throws Exception {
        ComputeNode.Client c = start(1.0);
        // the original's coordinator sends load_probability 0.0; the node's own p=1 still applies
        TrainResult rejected = legacy(c, "data/train_letters1.txt", 2);
        assertFalse(rejected.isAccepted());
        assertNull(rejected.getWeights());
        assertTrue(legacy(c, "data/train_letters1.txt", 3).isAccepted(), "policies 1 and 3 never reject");
    }

    @Test
    void originalCallReportsBadDataAsAnApplicationExceptionNamingFileAndLine() throws Exception {
        java.nio.file.Files.writeString(root.resolve("data/train_letters9.txt"), "1,2,3,4,0\n1,2,x,4,0\n");
        ComputeNode.Client c = start(0);
        TApplicationException e = assertThrows(TApplicationException.class,
                () -> legacy(c, "data/train_letters9.txt", 1));
        assertTrue(e.getMessage().contains("data/train_letters9.txt line 2"), e.getMessage());
        TApplicationException missing = assertThrows(TApplicationException.class,
                () -> legacy(conn.client(), "data/nope.txt", 1));
        assertTrue(missing.getMessage().contains("data/nope.txt: no such file"), missing.getMessage());
        TApplicationException outside = assertThrows(TApplicationException.class,
                () -> legacy(conn.client(), "../outside.txt", 1));
        assertTrue(outside.getMessage().contains("outside the data root"), outside.getMessage());
    }

    @Test
    void runTaskRefusesBadRequestsWithInvalidRequest() throws Exception {
        ComputeNode.Client c = start(0);
        NodeInfo info = c.describe("");
        assertEquals(1, info.getSlots());
        TaskRequest ok = new TaskRequest("data/train_letters1.txt", initial, TestCluster.K, TestCluster.H,
                TestCluster.ETA, TestCluster.EPOCHS, 3);
        TaskResult r = c.run_task(ok);
        assertTrue(r.isAccepted());
        assertTrue(r.getEpochs_run() >= 1 && r.getEpochs_run() <= TestCluster.EPOCHS);

        TaskRequest wrongH = ok.deepCopy().setH(TestCluster.H + 1);
        assertTrue(assertThrows(InvalidRequest.class, () -> c.run_task(wrongH)).getMessage().contains("rows"));
        TaskRequest nanEta = ok.deepCopy().setEta(Double.NaN);
        assertTrue(assertThrows(InvalidRequest.class, () -> c.run_task(nanEta)).getMessage().contains("eta"));
        TaskRequest labelTooBig = ok.deepCopy().setK(2);
        labelTooBig.setInitial_weights(WireWeights.toWire(MlpWeights.initUniform(4, TestCluster.H, 2, 3)));
        InvalidRequest e = assertThrows(InvalidRequest.class, () -> c.run_task(labelTooBig));
        assertTrue(e.getMessage().contains("data/train_letters1.txt line"), e.getMessage());
        for (int[] hk : new int[][] {{Integer.MAX_VALUE, TestCluster.K}, {TestCluster.H, Integer.MAX_VALUE},
                {Integer.MAX_VALUE, Integer.MAX_VALUE}}) {
            TaskRequest huge = ok.deepCopy().setH(hk[0]).setK(hk[1]);
            String m = assertThrows(InvalidRequest.class, () -> c.run_task(huge)).getMessage();
            assertTrue(m.contains("h must be <= 4096 and k <= 1024"), m);
        }
        assertTrue(c.run_task(ok).isAccepted(), "the node serves on");
    }

    @Test
    void packedWeightsAreAnsweredPackedWithTheSameDeltasAsLists() throws Exception {
        ComputeNode.Client c = start(0);
        assertTrue(c.describe("").isPacked_weights(), "the node says it reads packed weights");
        MlpWeights start = WireWeights.fromWire(initial, TestCluster.H, TestCluster.K);
        TaskRequest lists = new TaskRequest("data/train_letters1.txt", initial, TestCluster.K, TestCluster.H,
                TestCluster.ETA, TestCluster.EPOCHS, 1);
        TaskRequest packed = lists.deepCopy();
        packed.unsetInitial_weights();
        packed.setInitial_packed(WireWeights.pack(start));

        TaskResult fromLists = c.run_task(lists);
        TaskResult fromPacked = c.run_task(packed);
        assertTrue(fromLists.isSetDeltas() && !fromLists.isSetDeltas_packed(), "lists are answered with lists");
        assertTrue(fromPacked.isSetDeltas_packed() && !fromPacked.isSetDeltas(), "packed is answered packed");
        assertEquals(WireWeights.fromWire(fromLists.getDeltas(), TestCluster.H, TestCluster.K),
                WireWeights.unpack(fromPacked.bufferForDeltas_packed(), TestCluster.H, TestCluster.K));
        assertEquals(fromLists.getEpochs_run(), fromPacked.getEpochs_run());
    }

    @Test
    void badPackedWeightsAreRefusedWithInvalidRequestNamingTheProblem() throws Exception {
        ComputeNode.Client c = start(0);
        MlpWeights start = WireWeights.fromWire(initial, TestCluster.H, TestCluster.K);
        TaskRequest packed = new TaskRequest("data/train_letters1.txt", null, TestCluster.K, TestCluster.H,
                TestCluster.ETA, TestCluster.EPOCHS, 1);
        ByteBuffer good = WireWeights.pack(start);
        packed.setInitial_packed(ByteBuffer.wrap(Arrays.copyOf(good.array(), good.capacity() - 3)));
        String shortMessage = assertThrows(InvalidRequest.class, () -> c.run_task(packed)).getMessage();
        assertTrue(shortMessage.startsWith("initial_packed: ") && shortMessage.contains("bytes"), shortMessage);

        ByteBuffer withNaN = WireWeights.pack(start);
        withNaN.putDouble(8 * 5, Double.NaN); // V[1][2]: the sixth value, rows of k = 3
        packed.setInitial_packed(withNaN);
        String nanMessage = assertThrows(InvalidRequest.class, () -> c.run_task(packed)).getMessage();
        assertTrue(nanMessage.contains("V[1][2] is NaN"), nanMessage);
        assertTrue(c.run_task(packed.setInitial_packed(good)).isAccepted(), "the node still serves");
    }
}
