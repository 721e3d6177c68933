package mlptrainer.rpc;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TMessage;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.protocol.TProtocolDecorator;
import org.apache.thrift.protocol.TProtocolException;
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
    /** What a TLS client is told when the server ended the handshake without a TLS alert. */
    public static final String DOES_NOT_SPEAK_TLS = "the server does not speak TLS (it ended the TLS handshake); "
            + "connect without --tls";
    private static final Pattern OVERSIZED = Pattern.compile("length (\\d+) exceeds (\\d+)");
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
        } catch (SocketException e) {
            socket.close();
            throw new TTransportException(TTransportException.NOT_OPEN, e.getMessage(), e);
        }
        TProtocol protocol = explainingReplies(limits.protocolFactory().getProtocol(socket), host + ":" + port);
        return new RpcConnection<>(socket, factory.apply(protocol));
    }

    private static TSocket plainSocket(String host, int port, int connectTimeoutMs, int readTimeoutMs,
            RpcLimits limits) throws TTransportException {
        TSocket socket = new TSocket(limits.configuration(), host, port, readTimeoutMs, connectTimeoutMs);
        socket.open();
        return socket;
    }

    /**
     * Connects and completes the TLS handshake. A server whose connection table is full may close a
     * connection that has not finished its handshake to make room (a reset): that is tried again,
     * with a growing pause, until the connect timeout has passed, since no call was sent yet.
     */
    private static TSocket tlsSocket(TlsConfig tls, String host, int port, int connectTimeoutMs, int readTimeoutMs)
            throws TTransportException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(connectTimeoutMs);
        for (long pauseMs = 10; ; pauseMs = Math.min(500, pauseMs * 2)) {
            try {
                Socket s = tls.connect(host, port, connectTimeoutMs, readTimeoutMs);
                s.setSoTimeout(readTimeoutMs);
                return new TSocket(s);
            } catch (IOException e) {
                boolean reset = !refused(e) && (e instanceof SocketException
                        || e.getCause() instanceof SocketException);
                boolean late = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(pauseMs) > deadline;
                if (!reset || endedHandshake(e) || late) {
                    throw tlsFailed(host, port, e);
                }
                pauseBeforeRetry(pauseMs);
            }
        }
    }

    /** Nothing listens there, or no route leads there: trying again does not help. */
    private static boolean refused(IOException e) {
        return e instanceof ConnectException || e instanceof NoRouteToHostException;
    }

    private static TTransportException tlsFailed(String host, int port, IOException e) {
        return new TTransportException(TTransportException.NOT_OPEN, "TLS connection to " + host + ":" + port
                + " failed: " + (endedHandshake(e) ? DOES_NOT_SPEAK_TLS : e.getMessage()), e);
    }

    /**
     * Waits before connecting again (a back-off between tries).
     *
     * @throws TTransportException when interrupted meanwhile (the interrupt is kept)
     */
    public static void pauseBeforeRetry(long ms) throws TTransportException {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TTransportException(TTransportException.NOT_OPEN, "interrupted while connecting", e);
        }
    }

    /**
     * A plaintext server reads a TLS handshake as a malformed call and closes, or answers bytes
     * that are no TLS record: either is what a server that does not speak TLS does. A TLS server
     * refusing us sends an alert instead, whose message is kept.
     */
    private static boolean endedHandshake(IOException e) {
        String msg = String.valueOf(e.getMessage());
        return e instanceof EOFException || e.getCause() instanceof EOFException
                || msg.contains("Remote host terminated the handshake")
                || msg.contains("Unsupported or unrecognized SSL message");
    }

    /**
     * Reading a reply's header as a string length, the binary protocol turns a TLS record (0x15 or
     * 0x16, then 0x03: an alert or a handshake) into "length 352518912 exceeds ...": say what it
     * means instead. Any other oversized header is a peer speaking something else.
     */
    private static TProtocol explainingReplies(TProtocol protocol, String server) {
        return new TProtocolDecorator(protocol) {
            @Override
            public TMessage readMessageBegin() throws TException {
                try {
                    return super.readMessageBegin();
                } catch (TProtocolException e) {
                    String explained = explainHeader(e.getMessage(), server);
                    if (explained == null) {
                        throw e;
                    }
                    throw new TProtocolException(e.getType(), explained, e);
                }
            }
        };
    }

    /** @return a clear sentence for a "length N exceeds M" header error, or null for any other message */
    static String explainHeader(String message, String server) {
        Matcher m = OVERSIZED.matcher(String.valueOf(message));
        if (!m.matches()) {
            return null;
        }
        long length = Long.parseLong(m.group(1));
        int recordType = (int) (length >>> 24);
        if ((recordType == 0x15 || recordType == 0x16) && ((length >>> 16) & 0xff) == 0x03) {
            return "the server at " + server + " answered with TLS: " + WrongProtocol.EXPECTS_TLS;
        }
        return "the server at " + server + " does not speak this program's protocol (its reply starts like a "
                + "message of " + length + " bytes, more than the " + m.group(2) + " allowed): is it the right port?";
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
