package mlptrainer.rpc;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import mlptrainer.LogLimiter;
import org.apache.thrift.TProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Thrift server: the original's binary protocol over plain sockets (or TLS), one thread
 * per connection, with connections shared out by a {@link ConnectionTable}: a bounded table with
 * per-address limits, a deadline for each new connection's first complete message and an idle
 * timeout, both enforced by a reaper that closes the socket (so a peer trickling bytes cannot keep
 * its place), and eviction of connections that have proved nothing so that a newcomer always gets
 * in. A plaintext client on a TLS port is told "this port expects TLS"; a TLS client on a plain
 * port is refused and logged. Warnings a peer can repeat are rate-limited per address and kind.
 *
 * <p>{@link #start} returns once the port is bound, so callers may connect (or close it) at once;
 * port 0 picks a free one. Thread-safe; {@link #close} is idempotent.
 */
public final class RpcServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RpcServer.class);
    private static final ThreadLocal<ConnectionWorker> SERVING = new ThreadLocal<>();
    /** Refusals outside a served call (a handler called directly) are limited here. */
    private static final LogLimiter UNSERVED = new LogLimiter(ServerOptions.DEFAULT_LOG_INTERVAL_MS, 1024);
    private static final int BACKLOG = 128;
    private static final int MAX_LOG_KEYS = 4096;
    /** The warnings that are refusals, by kind, and the reason each is counted under. */
    private static final Map<String, String> REFUSALS = Map.of("refused", "too_many_connections",
            "evicted", "evicted", "tls-on-plain", "wrong_protocol", "plain-on-tls", "wrong_protocol",
            "deadline", "first_message_timeout", "stalled", "stalled_reader", "tls", "tls_failed",
            "protocol", "invalid_call", "too-large", "too_large");

    private final String name;
    private final ServerOptions options;
    private final TProcessor processor;
    private final ServerSocket serverSocket;
    private final ConnectionTable table;
    private final LogLimiter logLimiter;
    private final ThreadPoolExecutor workers;
    private final ScheduledExecutorService reaper;
    private final Thread acceptor;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Consumer<String> refusals;

    private RpcServer(String name, TProcessor processor, ServerOptions options, ServerSocket serverSocket,
            Consumer<String> refusals) {
        this.name = name;
        this.refusals = refusals;
        this.options = options;
        this.processor = processor;
        this.serverSocket = serverSocket;
        this.table = new ConnectionTable(options.maxConnections(), options.maxConnectionsPerAddress(),
                TimeUnit.MILLISECONDS.toNanos(options.firstMessageTimeoutMs()),
                TimeUnit.MILLISECONDS.toNanos(options.idleTimeoutMs()));
        this.logLimiter = new LogLimiter(options.logIntervalMs(), MAX_LOG_KEYS);
        this.workers = workerPool(name, options.maxConnections());
        this.reaper = Executors.newSingleThreadScheduledExecutor(daemon(name + "-reaper"));
        this.acceptor = daemon(name + "-acceptor").newThread(this::acceptLoop);
    }

    /**
     * @param name      for thread names and logs ("node", "coordinator")
     * @param processor the generated processor wrapping the handler
     * @param options   address, port, limits
     * @throws IOException when the port cannot be bound
     */
    public static RpcServer start(String name, TProcessor processor, ServerOptions options) throws IOException {
        return start(name, processor, options, reason -> { });
    }

    /**
     * As above, telling {@code refusals} of each connection or call refused, with a short fixed
     * reason ("too_many_connections", "wrong_token", "too_large", ...), on the refusing thread.
     */
    public static RpcServer start(String name, TProcessor processor, ServerOptions options,
            Consumer<String> refusals) throws IOException {
        RpcServer server = new RpcServer(name, processor, options, bind(options), refusals);
        long period = Math.max(10, Math.min(1_000, options.firstMessageTimeoutMs() / 10));
        server.reaper.scheduleWithFixedDelay(server::closeExpiredSafely, period, period, TimeUnit.MILLISECONDS);
        server.acceptor.start();
        return server;
    }

    /** TLS or not, the socket is a plain one: the first byte a peer sends tells which it speaks. */
    private static ServerSocket bind(ServerOptions options) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(options.bindAddress(), options.port()), BACKLOG);
        return socket;
    }

    private static ThreadFactory daemon(String threadName) {
        return r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        };
    }

    /** Threads for the table's connections and for evicted ones still unwinding. */
    private static ThreadPoolExecutor workerPool(String name, int maxConnections) {
        AtomicInteger count = new AtomicInteger();
        return new ThreadPoolExecutor(0, 2 * maxConnections + 16, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
                r -> daemon(name + "-conn-" + count.incrementAndGet()).newThread(r));
    }

    private void acceptLoop() {
        while (closed.getCount() > 0) {
            Socket socket;
            try {
                socket = serverSocket.accept();
            } catch (IOException e) {
                if (closed.getCount() > 0) {
                    warnLimited("accept", "", "cannot accept connections: " + e.getMessage());
                    pauseAfterAcceptFailure();
                }
                continue;
            }
            admit(socket);
        }
    }

    /** Out of file descriptors, accept fails at once until some are closed: do not spin on it. */
    private void pauseAfterAcceptFailure() {
        try {
            closed.await(50, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void admit(Socket socket) {
        ServerConnection c = new ServerConnection(socket, System.nanoTime());
        ConnectionTable.Admission a = table.admit(c);
        if (a.evicted() != null) {
            a.evicted().abort();
            logEviction(a.evicted(), a.limit());
        }
        if (!a.admitted()) {
            c.abort();
            warnLimited("refused", c.address(), "refused a connection from " + c.peer() + ": " + limitText(c,
                    a.limit()) + " and every one of them is in a call");
            return;
        }
        try {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(options.idleTimeoutMs());
            workers.execute(new ConnectionWorker(this, c));
        } catch (IOException | RejectedExecutionException e) {
            table.remove(c);
            c.close();
            warnLimited("refused", c.address(), "refused a connection from " + c.peer() + ": " + e);
        }
    }

    private void logEviction(ServerConnection victim, String limit) {
        long now = System.nanoTime();
        String what = victim.state == ServerConnection.State.IDLE
                ? "idle for " + TimeUnit.NANOSECONDS.toMillis(now - victim.idleSinceNanos) + " ms"
                : "without a complete first message after "
                        + TimeUnit.NANOSECONDS.toMillis(now - victim.acceptedNanos()) + " ms";
        warnLimited("evicted", victim.address(), "closed the connection from " + victim.peer() + ", " + what
                + ", to let a new one in: " + limitText(victim, limit));
    }

    private String limitText(ServerConnection c, String limit) {
        return "per-address".equals(limit)
                ? c.address() + " has " + options.maxConnectionsPerAddress()
                        + " connections open, its limit (--max-connections-per-address)"
                : "the server has " + options.maxConnections() + " connections open, its limit (--max-connections)";
    }

    /** A scheduled task that throws is never run again: the reaper must outlive any one round's failure. */
    private void closeExpiredSafely() {
        try {
            closeExpired();
        } catch (RuntimeException | Error e) {
            LOG.error("{}: the connection reaper's round failed; it runs again", name, e);
        }
    }

    /** The reaper's round: closes connections past their first-message deadline or idle timeout. */
    private void closeExpired() {
        long now = System.nanoTime();
        for (ServerConnection c : table.expired(now)) {
            c.abort();
            if (c.state == ServerConnection.State.IDLE) {
                LOG.debug("{}: closed the connection from {}: idle for {} ms", name, c.peer(),
                        options.idleTimeoutMs());
            } else if (c.state == ServerConnection.State.IN_CALL) {
                warnLimited("stalled", c.address(), "closed the connection from " + c.peer() + ": it read none of "
                        + "its reply for " + options.firstMessageTimeoutMs() + " ms (--first-message-timeout-ms)");
            } else {
                warnLimited("deadline", c.address(), "closed the connection from " + c.peer() + ": no complete "
                        + "first message within " + options.firstMessageTimeoutMs() + " ms (--first-message-timeout-ms)"
                        + (c.sentBytes() ? "; it was sending slowly" : "; it sent nothing"));
            }
        }
    }

    /**
     * Logs at WARN once per kind, address and interval, saying how many were left out; the others at DEBUG.
     *
     * @param kind    what happened ("evicted", "tls", ...): each kind is limited on its own
     * @param address the peer's address without the port, or "" for the server itself
     */
    void warnLimited(String kind, String address, String message) {
        String refusal = REFUSALS.get(kind);
        if (refusal != null) {
            refused(refusal);
        }
        long skipped = logLimiter.admit(kind + " " + address);
        if (skipped >= 0) {
            LOG.warn("{}: {}{}", name, message, LogLimiter.suppressed(skipped));
        } else {
            LOG.debug("{}: {}", name, message);
        }
    }

    /** Tells the server's listener of a refusal (see {@link #start(String, TProcessor, ServerOptions, Consumer)}). */
    void refused(String reason) {
        refusals.accept(reason);
    }

    ServerOptions options() {
        return options;
    }

    TProcessor processor() {
        return processor;
    }

    ConnectionTable table() {
        return table;
    }

    String name() {
        return name;
    }

    /** Marks the calling thread as serving the worker's connection, or none when null. */
    static void serving(ConnectionWorker worker) {
        if (worker == null) {
            SERVING.remove();
        } else {
            SERVING.set(worker);
        }
    }

    /**
     * @return "address:port" of the peer whose call this thread is serving, or "unknown" outside a call;
     *         handlers use it to say in logs who was refused
     */
    public static String currentPeer() {
        ConnectionWorker w = SERVING.get();
        return w == null ? "unknown" : w.connection().peer();
    }

    /** @return the IP address of the peer whose call this thread is serving (no port), or "unknown" */
    public static String currentPeerAddress() {
        ConnectionWorker w = SERVING.get();
        return w == null ? "unknown" : w.connection().address();
    }

    /**
     * Logs a call refused by a handler (a wrong token, say) on the caller's logger, as
     * {@link #logLimited}: a flood of refused calls writes a line per interval, not per call.
     *
     * @param call   the call refused ("status"), for the line's phase
     * @param reason why, short ("wrong token")
     */
    public static void logRefusal(Logger log, String call, String reason) {
        ConnectionWorker w = SERVING.get();
        if (w != null) {
            w.server().refused(reason.contains("token") ? "wrong_token" : "refused_call");
        }
        logLimited(log, "refused " + reason, call + ": refused a call from " + currentPeer() + ": " + reason);
    }

    /**
     * Logs a line that a peer can cause again and again: at WARN once per kind, peer address and
     * interval of the serving server (with how many were left out), at DEBUG otherwise. Thread-safe.
     *
     * @param kind what the line is about, without variable parts ("task refused")
     */
    public static void logLimited(Logger log, String kind, String line) {
        ConnectionWorker w = SERVING.get();
        LogLimiter limiter = w == null ? UNSERVED : w.server().logLimiter;
        long skipped = limiter.admit(kind + " " + currentPeerAddress());
        if (skipped >= 0) {
            log.warn("{}{}", line, LogLimiter.suppressed(skipped));
        } else {
            log.debug("{}", line);
        }
    }

    /** @return the bound port */
    public int port() {
        return serverSocket.getLocalPort();
    }

    /** @return connections open now (for tests and status) */
    public int openConnections() {
        return table.size();
    }

    /** Blocks until the server stops. */
    public void awaitTermination() throws InterruptedException {
        acceptor.join();
    }

    /** Stops accepting, drops open connections and ends the worker threads. */
    @Override
    public void close() {
        closed.countDown();
        try {
            serverSocket.close();
        } catch (IOException ignored) {
            // closing to stop accepting; an error here changes nothing
        }
        try {
            acceptor.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        reaper.shutdownNow();
        // after the acceptor ended, so that a connection it admitted while stopping is dropped too
        table.removeAll().forEach(ServerConnection::close);
        workers.shutdownNow();
        LOG.debug("{}: stopped on port {}", name, port());
    }
}
