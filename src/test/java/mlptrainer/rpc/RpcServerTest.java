package mlptrainer.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mlptrainer.rpc.gen.ComputeNode;
import mlptrainer.rpc.gen.NodeInfo;
import mlptrainer.rpc.gen.TaskRequest;
import mlptrainer.rpc.gen.TaskResult;
import mlptrainer.rpc.gen.TrainResult;
import mlptrainer.rpc.gen.Weights;
import org.apache.thrift.TApplicationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Starting and stopping the Thrift server. */
@Timeout(value = 60, unit = TimeUnit.SECONDS) // a guard against a hang, not a performance bound
class RpcServerTest {
    @Test
    void aServerClosedRightAfterItStartedStopsItsAcceptor() throws Exception {
        // libthrift's serve() used to clear a stop() that came before it, and the acceptor then spun on the
        // closed socket for ever; repeated, as the race was lost only some of the time
        for (int i = 0; i < 20; i++) {
            String name = "close-at-once-" + i;
            RpcServer server = RpcServer.start(name, new ComputeNode.Processor<>(null), ServerOptions.onPort(0)
                    .withBindAddress("127.0.0.1"));
            server.close();

            assertFalse(acceptorAlive(name), name);
        }
    }

    private static boolean acceptorAlive(String name) {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals(name + "-acceptor") && t.isAlive());
    }

    /** A handler whose first call runs out of memory, and whose later calls answer. */
    private static final class FailsOnce implements ComputeNode.Iface {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public NodeInfo describe(String authToken) {
            if (calls.incrementAndGet() == 1) {
                throw new OutOfMemoryError("test");
            }
            return new NodeInfo("v", 1, 0.0, Set.of(), false);
        }

        @Override
        public TrainResult train_with_weights(String file, Weights w, double p, int k, int h, double eta, int epochs,
                int policy) {
            throw new UnsupportedOperationException();
        }

        @Override
        public TaskResult run_task(TaskRequest request) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void aHandlerRunningOutOfMemoryIsAnsweredWithAnErrorAndTheServerServesOn() throws Exception {
        FailsOnce handler = new FailsOnce();
        try (RpcServer server = RpcServer.start("oom", new ComputeNode.Processor<>(handler), ServerOptions.onPort(0)
                .withBindAddress("127.0.0.1"))) {
            try (RpcConnection<ComputeNode.Client> c = RpcConnection.open("127.0.0.1", server.port(), 5_000, 30_000,
                    RpcLimits.DEFAULT, ComputeNode.Client::new)) {
                TApplicationException e = assertThrows(TApplicationException.class, () -> c.client().describe(""));
                assertEquals(TApplicationException.INTERNAL_ERROR, e.getType());
                assertTrue(e.getMessage().contains("could not serve describe"), e.getMessage());
            }
            try (RpcConnection<ComputeNode.Client> c = RpcConnection.open("127.0.0.1", server.port(), 5_000, 30_000,
                    RpcLimits.DEFAULT, ComputeNode.Client::new)) {
                assertEquals("v", c.client().describe("").getVersion(), "the next connection is served");
            }
        }
    }
}
