package mlptrainer.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import mlptrainer.rpc.gen.ComputeNode;
import mlptrainer.rpc.gen.NodeInfo;
import mlptrainer.testing.TestCluster;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.protocol.TMessage;
import org.apache.thrift.protocol.TMessageType;
import org.apache.thrift.protocol.TStruct;
import org.apache.thrift.transport.TIOStreamTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A peer that pipelines calls and reads none of the replies blocks its server thread in a write,
 * in a call: such a connection was never evicted nor reaped, so a few of them held the table for
 * ever. Its reply making no progress for the first-message deadline, it is closed.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS) // a guard against a hang, not a performance bound
class StalledReaderTest {
    private static final int DEADLINE_MS = 300;
    /** A guard far above the deadline: the server must have closed the connection well before. */
    private static final long WAIT_BOUND_MS = 30_000;

    @Test
    void aPeerThatReadsNoReplyIsClosed() throws Exception {
        ServerOptions options = ServerOptions.onPort(0).withBindAddress(TestCluster.HOST)
                .withConnections(ServerOptions.DEFAULT_MAX_CONNECTIONS,
                        ServerOptions.DEFAULT_MAX_CONNECTIONS_PER_ADDRESS, DEADLINE_MS);
        byte[] calls = pipelinedCalls(100);
        // large replies, so that the socket buffers fill after a few calls however large the kernel makes them
        NodeInfo big = new NodeInfo("v".repeat(60_000), 1, 0.0, Set.of(), false);
        ComputeNode.Iface handler = (ComputeNode.Iface) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ComputeNode.Iface.class}, (proxy, method, args) -> big);
        try (RpcServer server = RpcServer.start("stalled-reader-target", new ComputeNode.Processor<>(handler), options);
                Socket socket = new Socket()) {
            socket.setReceiveBufferSize(4096); // before connecting, so that the window stays small
            socket.connect(new InetSocketAddress(TestCluster.HOST, server.port()));
            Thread writer = new Thread(() -> writeUntilClosed(socket, calls), "pipelining peer");
            writer.setDaemon(true);
            writer.start();
            writer.join(WAIT_BOUND_MS); // ends when the server drops the connection
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_BOUND_MS);
            while (server.openConnections() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(10); // polling, bounded: the reaper closes it
            }
            assertEquals(0, server.openConnections(), "the connection of a peer reading no reply is still open");
        }
    }

    /** Writes the calls again and again, reading nothing, until the server drops the connection. */
    private static void writeUntilClosed(Socket socket, byte[] calls) {
        try {
            OutputStream out = socket.getOutputStream();
            while (true) {
                out.write(calls);
            }
        } catch (IOException e) {
            // dropped by the server
        }
    }

    private static byte[] pipelinedCalls(int count) throws TException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        TBinaryProtocol p = new TBinaryProtocol(new TIOStreamTransport(buf));
        for (int i = 0; i < count; i++) {
            p.writeMessageBegin(new TMessage("describe", TMessageType.CALL, i));
            p.writeStructBegin(new TStruct("describe_args"));
            p.writeFieldStop();
            p.writeStructEnd();
            p.writeMessageEnd();
        }
        return buf.toByteArray();
    }
}
