package mlptrainer.rpc;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.concurrent.TimeUnit;
import mlptrainer.rpc.gen.ComputeNode;
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
}
