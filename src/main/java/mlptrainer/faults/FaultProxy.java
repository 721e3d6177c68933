package mlptrainer.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP proxy that injects network faults between a client and a server, for tests and for
 * scripts that reproduce faults by hand. It listens on a port and forwards each connection to a
 * target; the fault mode can be changed at any time and applies to connections already open as
 * well as new ones:
 * <ul>
 * <li>{@link Mode#PASS}: forward unchanged;</li>
 * <li>{@link Mode#DELAY}: hold each chunk, in both directions, {@code param} ms (a slow link);</li>
 * <li>{@link Mode#RESET}: forward {@code param} bytes of the server's reply on a connection, then reset it
 * (RST: linger 0, close);</li>
 * <li>{@link Mode#HALF_OPEN}: stop forwarding on a connection as soon as it carries data and never
 * answer, keeping both sockets open (a peer that vanished without closing);</li>
 * <li>{@link Mode#DROP}: accept new connections and close them at once.</li>
 * </ul>
 * A fault may be limited to a number of occurrences (connections reset, stuck or dropped), after
 * which the proxy goes back to {@link Mode#PASS}. Thread-safe; {@link #close} is idempotent and
 * closes every connection.
 */
public final class FaultProxy implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FaultProxy.class);
    private static final int CHUNK = 8192;

    /** What the proxy does to the traffic. */
    public enum Mode { PASS, DELAY, RESET, HALF_OPEN, DROP }

    private record Fault(Mode mode, long param, int remaining) {
    }

    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final Thread acceptor;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile Fault fault = new Fault(Mode.PASS, 0, -1);
    private volatile boolean closed;
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger injected = new AtomicInteger();
    private final AtomicLong forwardedBytes = new AtomicLong();

    private FaultProxy(ServerSocket listener, InetSocketAddress target) {
        this.listener = listener;
        this.target = target;
        this.acceptor = new Thread(this::acceptLoop, "fault-proxy-" + listener.getLocalPort());
        this.acceptor.setDaemon(true);
    }

    /**
     * Starts listening; returns once the port is bound.
     *
     * @param bindAddress the address to listen on
     * @param port        the port, 0 for a free one
     * @param targetHost  where connections are forwarded
     * @param targetPort  and its port
     */
    public static FaultProxy start(String bindAddress, int port, String targetHost, int targetPort)
            throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(bindAddress, port), 128);
        FaultProxy proxy = new FaultProxy(s, new InetSocketAddress(targetHost, targetPort));
        proxy.acceptor.start();
        LOG.info("fault proxy: {}:{} -> {}:{}", bindAddress, s.getLocalPort(), targetHost, targetPort);
        return proxy;
    }

    /** Sets the fault for every connection from now on, with no limit on occurrences. */
    public void set(Mode mode, long param) {
        set(mode, param, -1);
    }

    /**
     * @param mode  the fault
     * @param param delay in ms (DELAY) or reply bytes forwarded before the reset (RESET); ignored otherwise
     * @param times occurrences before the proxy goes back to PASS (-1: no limit; ignored for DELAY and PASS)
     */
    public void set(Mode mode, long param, int times) {
        if (param < 0 || times == 0 || times < -1) {
            throw new IllegalArgumentException("param must be >= 0 and times -1 or >= 1, got " + param + ", " + times);
        }
        fault = new Fault(mode, param, times);
        LOG.info("fault proxy {}: mode {} {}{}", port(), mode, param, times > 0 ? " (" + times + " times)" : "");
    }

    public Mode mode() {
        return fault.mode();
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** @return connections accepted so far */
    public int accepted() {
        return accepted.get();
    }

    /** @return faults injected so far (connections reset, stuck or dropped) */
    public int injected() {
        return injected.get();
    }

    /** @return bytes forwarded in both directions */
    public long forwardedBytes() {
        return forwardedBytes.get();
    }

    /**
     * Takes one occurrence of the current fault if it is {@code mode}.
     *
     * @return true when the caller should inject it
     */
    private synchronized boolean take(Mode mode) {
        Fault f = fault;
        if (f.mode() != mode) {
            return false;
        }
        if (f.remaining() > 0) {
            fault = f.remaining() == 1 ? new Fault(Mode.PASS, 0, -1) : new Fault(mode, f.param(), f.remaining() - 1);
        }
        injected.incrementAndGet();
        return true;
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("fault proxy {}: accept failed: {}", port(), e.getMessage());
                }
                return;
            }
            accepted.incrementAndGet();
            if (take(Mode.DROP)) {
                LOG.debug("fault proxy {}: dropping a new connection", port());
                closeQuietly(client);
                continue;
            }
            Thread t = new Thread(() -> connect(client), "fault-proxy-conn");
            t.setDaemon(true);
            t.start();
        }
    }

    private void connect(Socket client) {
        Socket server = new Socket();
        sockets.add(client);
        sockets.add(server);
        try {
            client.setTcpNoDelay(true);
            server.connect(target, 5_000);
            server.setTcpNoDelay(true);
        } catch (IOException e) {
            LOG.debug("fault proxy {}: target {} unreachable: {}", port(), target, e.getMessage());
            reset(client);
            closeQuietly(server);
            return;
        }
        if (closed) {
            closeQuietly(client);
            closeQuietly(server);
            return;
        }
        Connection c = new Connection(client, server);
        Thread up = new Thread(() -> c.pump(client, server, false), "fault-proxy-up");
        up.setDaemon(true);
        up.start();
        c.pump(server, client, true);
    }

    /** One proxied connection: two pumps, one per direction. */
    private final class Connection {
        final Socket client;
        final Socket server;
        volatile boolean stuck;
        long replyBytes;

        Connection(Socket client, Socket server) {
            this.client = client;
            this.server = server;
        }

        void pump(Socket from, Socket to, boolean reply) {
            byte[] buf = new byte[CHUNK];
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                int n;
                while ((n = in.read(buf)) >= 0) {
                    if (!stuck && take(Mode.HALF_OPEN)) {
                        stuck = true;
                        LOG.debug("fault proxy {}: connection goes half-open", port());
                    }
                    if (stuck) {
                        continue; // swallow everything, answer nothing, keep the sockets open
                    }
                    Fault f = fault;
                    if (f.mode() == Mode.DELAY && f.param() > 0) {
                        Thread.sleep(f.param());
                    }
                    if (reply && f.mode() == Mode.RESET && replyBytes + n > f.param() && take(Mode.RESET)) {
                        int keep = (int) Math.max(0, f.param() - replyBytes);
                        out.write(buf, 0, keep);
                        out.flush();
                        forwardedBytes.addAndGet(keep);
                        LOG.debug("fault proxy {}: resetting a connection after {} reply bytes", port(),
                                replyBytes + keep);
                        reset(client);
                        closeQuietly(server);
                        return;
                    }
                    out.write(buf, 0, n);
                    out.flush();
                    forwardedBytes.addAndGet(n);
                    if (reply) {
                        replyBytes += n;
                    }
                }
            } catch (IOException e) {
                // a side closed or reset: the connection is over
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                // either side ending ends both (Thrift connections are not half-closed); a stuck
                // connection stays open as long as its client keeps it
                closeQuietly(client);
                closeQuietly(server);
                sockets.remove(client);
                sockets.remove(server);
            }
        }
    }

    private static void reset(Socket s) {
        try {
            s.setSoLinger(true, 0);
        } catch (SocketException e) {
            // already closed: nothing to reset
        }
        closeQuietly(s);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing: nothing more to do
        }
    }

    /** @return connections open through the proxy now (client and server side counted once) */
    public int openConnections() {
        return (int) sockets.stream().filter(s -> !s.isClosed()).count() / 2;
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException e) {
            // closing: nothing more to do
        }
        sockets.forEach(FaultProxy::closeQuietly);
        sockets.clear();
        try {
            acceptor.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
