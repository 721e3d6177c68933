package mlptrainer.rpc;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import mlptrainer.rpc.gen.ComputeNode;
import mlptrainer.testing.TestCluster;
import mlptrainer.testing.TestKeys;
import org.apache.thrift.transport.TTransportException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A TLS client tries a reset handshake again within its connect timeout (a full server may evict
 * it), but a refused connect (nothing listens) is not a reset: it fails at once, as a plain one does.
 */
class TlsConnectRefusedTest {
    /** Far longer than a refused connect takes, even on a loaded machine. */
    private static final int CONNECT_TIMEOUT_MS = 60_000;

    @Test
    void aTlsConnectToAPortWhereNothingListensFailsWithoutWaitingTheConnectTimeout(@TempDir Path keys)
            throws Exception {
        TestKeys.make(keys);
        TlsConfig tls = TestKeys.tls(keys, false);
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName(TestCluster.HOST))) {
            closedPort = s.getLocalPort();
        }
        long start = System.nanoTime();
        TTransportException e = assertThrows(TTransportException.class, () -> RpcConnection.open(TestCluster.HOST,
                closedPort, CONNECT_TIMEOUT_MS, CONNECT_TIMEOUT_MS, RpcLimits.DEFAULT, tls, ComputeNode.Client::new));
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(e.getMessage().contains("refused"), e.getMessage());
        assertTrue(tookMs < CONNECT_TIMEOUT_MS / 2, "a refused TLS connect took " + tookMs
                + " ms: it was tried again until the connect timeout");
    }
}
