package mlptrainer.rpc;

import java.io.IOException;
import mlptrainer.rpc.gen.ComputeNode;
import org.apache.thrift.transport.TTransportException;

/**
 * A private compute-node endpoint for the start-up warm-ups: serves a handler with an
 * {@link RpcServer} on a free port of 127.0.0.1 and holds one client connection to it, so the
 * warm-up's calls take the same way as real ones (socket, protocol, server threads, generated
 * processor and client). Close to stop both. The client is not thread-safe; use it from one thread.
 */
public final class LoopbackNode implements AutoCloseable {
    private static final String LOOPBACK = "127.0.0.1";
    private static final int CONNECT_TIMEOUT_MS = 5_000;
    private static final int READ_TIMEOUT_MS = 60_000;
    private final RpcServer server;
    private final RpcConnection<ComputeNode.Client> connection;

    private LoopbackNode(RpcServer server, RpcConnection<ComputeNode.Client> connection) {
        this.server = server;
        this.connection = connection;
    }

    /**
     * @param name    for the server's thread names
     * @param handler what serves the calls
     * @param limits  the bounds both ends use, as the caller's real server or client does
     * @throws IOException when no loopback port can be bound or connected to
     */
    public static LoopbackNode start(String name, ComputeNode.Iface handler, RpcLimits limits) throws IOException {
        ServerOptions options = ServerOptions.onPort(0).withBindAddress(LOOPBACK).withLimits(limits);
        RpcServer server = RpcServer.start(name, new ComputeNode.Processor<>(handler), options);
        try {
            return new LoopbackNode(server, RpcConnection.open(LOOPBACK, server.port(), CONNECT_TIMEOUT_MS,
                    READ_TIMEOUT_MS, limits, ComputeNode.Client::new));
        } catch (TTransportException | RuntimeException e) {
            server.close();
            throw new IOException("warm-up: cannot connect to its own loopback port: " + e.getMessage(), e);
        }
    }

    /** @return the client of the one connection */
    public ComputeNode.Client client() {
        return connection.client();
    }

    @Override
    public void close() {
        connection.close();
        server.close();
    }
}
