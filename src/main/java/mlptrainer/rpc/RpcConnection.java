package mlptrainer.rpc;

import java.util.function.Function;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.transport.TSocket;
import org.apache.thrift.transport.TTransport;
import org.apache.thrift.transport.TTransportException;

/**
 * One open client connection: binary protocol over a plain socket, as the original. Not
 * thread-safe (a Thrift client serves one call at a time); pool connections for concurrency.
 *
 * @param <C> the generated client type
 */
public final class RpcConnection<C> implements AutoCloseable {
    private final TTransport transport;
    private final C client;
    private RpcConnection(TTransport transport, C client) {
        this.transport = transport;
        this.client = client;
    }

    /**
     * @param host            the server
     * @param port            its port
     * @param connectTimeoutMs how long to wait for the connection, in milliseconds
     * @param readTimeoutMs   how long a call may wait for its reply, in milliseconds (0 = forever)
     * @param limits          bounds on what the server may send back
     * @param factory         makes the generated client, e.g. {@code ComputeNode.Client::new}
     * @throws TTransportException when the server cannot be reached
     */
    public static <C> RpcConnection<C> open(String host, int port, int connectTimeoutMs, int readTimeoutMs,
            RpcLimits limits, Function<TProtocol, C> factory) throws TTransportException {
        return open(host, port, connectTimeoutMs, readTimeoutMs, limits, null, factory);
    }

    /** As above, over TLS when {@code tls} is not null. */
    public static <C> RpcConnection<C> open(String host, int port, int connectTimeoutMs, int readTimeoutMs,
            RpcLimits limits, TlsConfig tls, Function<TProtocol, C> factory) throws TTransportException {
        TSocket socket = tls == null ? plainSocket(host, port, connectTimeoutMs, readTimeoutMs, limits)
                : tlsSocket(tls, host, port, connectTimeoutMs, readTimeoutMs);
        try {
            socket.getSocket().setTcpNoDelay(true);
        } catch (java.net.SocketException e) {
            socket.close();
            throw new TTransportException(TTransportException.NOT_OPEN, e.getMessage(), e);
        }
        TProtocol protocol = limits.protocolFactory().getProtocol(socket);
        return new RpcConnection<>(socket, factory.apply(protocol));
    }

    private static TSocket plainSocket(String host, int port, int connectTimeoutMs, int readTimeoutMs,
            RpcLimits limits) throws TTransportException {
        TSocket socket = new TSocket(limits.configuration(), host, port, readTimeoutMs, connectTimeoutMs);
        socket.open();
        return socket;
    }

    private static TSocket tlsSocket(TlsConfig tls, String host, int port, int connectTimeoutMs, int readTimeoutMs)
            throws TTransportException {
        try {
            java.net.Socket s = tls.connect(host, port, connectTimeoutMs, readTimeoutMs);
            s.setSoTimeout(readTimeoutMs);
            return new TSocket(s);
        } catch (java.io.IOException e) {
            throw new TTransportException(TTransportException.NOT_OPEN, "TLS connection to " + host + ":" + port
                    + " failed: " + e.getMessage(), e);
        }
    }

    public C client() {
        return client;
    }

    /** Changes how long the next calls wait for a reply, in milliseconds (0 = forever). */
    public void setReadTimeout(int ms) {
        if (transport instanceof TSocket socket) {
            socket.setSocketTimeout(ms);
        }
    }

    @Override
    public void close() {
        transport.close();
    }
}
