package mlptrainer.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import mlptrainer.rpc.RpcConnection;
import mlptrainer.rpc.RpcLimits;
import mlptrainer.rpc.gen.ComputeNode;
import org.apache.thrift.transport.TTransportException;
import org.junit.jupiter.api.Test;

/** The connection pool of a node: a connection idle past the node's own idle timeout is not reused. */
class NodeHandleTest {
    private static final long T0 = 1_000_000L; // an arbitrary System.nanoTime origin

    @Test
    void aConnectionIdleTooLongIsClosedInsteadOfLentAndARecentOneIsLent() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            NodeHandle node = new NodeHandle(new NodeAddress("127.0.0.1", server.getLocalPort()), 0);
            RpcConnection<ComputeNode.Client> stale = open(server);
            try (Socket staleAtNode = server.accept()) {
                node.connections().giveBack(stale, T0);
                assertNull(node.connections().borrow(T0 + NodeClient.Pool.MAX_IDLE_NANOS + 1),
                        "a connection idle longer than MAX_IDLE_NANOS must not be lent");
                staleAtNode.setSoTimeout(10_000); // a safety net only: close() has already happened
                assertEquals(-1, staleAtNode.getInputStream().read(), "the stale connection is closed");
            }
            RpcConnection<ComputeNode.Client> recent = open(server);
            try (Socket recentAtNode = server.accept()) {
                node.connections().giveBack(recent, T0);
                assertSame(recent, node.connections().borrow(T0 + NodeClient.Pool.MAX_IDLE_NANOS));
                assertNull(node.connections().borrow(T0 + NodeClient.Pool.MAX_IDLE_NANOS), "lent once only");
                recent.close();
            }
        }
    }

    private static RpcConnection<ComputeNode.Client> open(ServerSocket server) throws TTransportException {
        return RpcConnection.open("127.0.0.1", server.getLocalPort(), 5_000, 5_000, RpcLimits.DEFAULT,
                ComputeNode.Client::new);
    }
}
