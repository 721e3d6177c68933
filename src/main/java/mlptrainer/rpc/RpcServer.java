package mlptrainer.rpc;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.thrift.TException;
import org.apache.thrift.TProcessor;
import org.apache.thrift.protocol.TMessage;
import org.apache.thrift.protocol.TMessageType;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.protocol.TProtocolDecorator;
import org.apache.thrift.protocol.TProtocolException;
import org.apache.thrift.server.ServerContext;
import org.apache.thrift.server.TServer;
import org.apache.thrift.server.TServerEventHandler;
import org.apache.thrift.transport.TTransport;
import org.apache.thrift.server.TThreadPoolServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Thrift server: binary protocol over a plain socket, one pooled thread per connection
 * (the original's thread-pool server). {@link #start} returns once the port is bound and the
 * server is serving, so callers may connect (or close it) at once; port 0 picks a free one. Thread-safe; {@link #close} is idempotent.
 */
public final class RpcServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RpcServer.class);
    private final String name;
    private final TrackingServerTransport transport;
    private final TServer server;
    private final ThreadPoolExecutor workers;
    private final Thread acceptor;
    private final int port;

    private RpcServer(String name, TrackingServerTransport transport, TServer server, ThreadPoolExecutor workers,
            int port) {
        this.name = name;
        this.transport = transport;
        this.server = server;
        this.workers = workers;
        this.port = port;
        this.acceptor = new Thread(server::serve, name + "-acceptor");
    }

    /**
     * @param name      for thread names and logs ("node", "coordinator")
     * @param processor the generated processor wrapping the handler
     * @param options   address, port, limits
     * @throws IOException when the port cannot be bound
     */
    public static RpcServer start(String name, TProcessor processor, ServerOptions options) throws IOException {
        ServerSocket socket = bind(options);
        TrackingServerTransport transport = new TrackingServerTransport(socket, options.limits().configuration(),
                options.idleTimeoutMs());
        ThreadPoolExecutor workers = workerPool(name, options.maxConnections());
        TThreadPoolServer.Args args = new TThreadPoolServer.Args(transport)
                .processor(callsOnly(processor))
                .protocolFactory(options.limits().protocolFactory())
                .executorService(workers)
                .stopTimeoutVal(1)
                .stopTimeoutUnit(TimeUnit.SECONDS);
        CountDownLatch serving = new CountDownLatch(1);
        TThreadPoolServer thrift = new TThreadPoolServer(args) {
            @Override
            protected boolean preServe() {
                try {
                    return super.preServe();
                } finally {
                    serving.countDown();
                }
            }
        };
        thrift.setServerEventHandler(new PeerTracker());
        RpcServer server = new RpcServer(name, transport, thrift, workers, socket.getLocalPort());
        server.acceptor.setDaemon(true);
        server.acceptor.start();
        awaitServing(serving);
        return server;
    }

    /**
     * libthrift's serve() clears the stopped flag when it starts, so a stop() before that was lost
     * and the acceptor then spun for ever on the closed socket: wait until it serves.
     */
    private static void awaitServing(CountDownLatch serving) {
        try {
            serving.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ServerSocket bind(ServerOptions options) throws IOException {
        if (options.tls() != null) {
            return options.tls().bind(options.bindAddress(), options.port(), 128);
        }
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(options.bindAddress(), options.port()), 128);
        return socket;
    }

    /**
     * libthrift's processors serve any message whose name matches a method, whatever its type: a
     * REPLY, an EXCEPTION or an undefined type byte was run as a call. Only CALL and ONEWAY are
     * requests; anything else is a protocol error and drops the connection.
     */
    private static TProcessor callsOnly(TProcessor processor) {
        return (in, out) -> processor.process(new TProtocolDecorator(in) {
            @Override
            public TMessage readMessageBegin() throws TException {
                TMessage m = super.readMessageBegin();
                if (m.type != TMessageType.CALL && m.type != TMessageType.ONEWAY) {
                    throw new TProtocolException(TProtocolException.INVALID_DATA,
                            "message type " + m.type + " is not a call");
                }
                return m;
            }
        }, out);
    }

    private static ThreadPoolExecutor workerPool(String name, int maxConnections) {
        AtomicInteger count = new AtomicInteger();
        return new ThreadPoolExecutor(0, maxConnections, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, name + "-conn-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    private static final ThreadLocal<String> PEER = new ThreadLocal<>();

    /**
     * @return "address:port" of the peer whose call this thread is serving, or "unknown" outside a call;
     *         handlers use it to say in logs who was refused
     */
    public static String currentPeer() {
        String peer = PEER.get();
        return peer == null ? "unknown" : peer;
    }

    /** Records each connection's peer for the thread that serves it. */
    private static final class PeerTracker implements TServerEventHandler {
        @Override
        public void preServe() {
            // nothing to prepare
        }

        @Override
        public ServerContext createContext(TProtocol in, TProtocol out) {
            if (in.getTransport() instanceof TrackingServerTransport.PeerTransport t) {
                PEER.set(t.peer());
            }
            return null;
        }

        @Override
        public void deleteContext(ServerContext context, TProtocol in, TProtocol out) {
            PEER.remove();
        }

        @Override
        public void processContext(ServerContext context, TTransport in, TTransport out) {
            // the peer was set when the connection started and stays the same
        }
    }

    /** @return the bound port */
    public int port() {
        return port;
    }

    /** @return connections open now (for tests and status) */
    public int openConnections() {
        return transport.openConnections();
    }

    /** Blocks until the server stops. */
    public void awaitTermination() throws InterruptedException {
        acceptor.join();
    }

    /** Stops accepting, drops open connections and ends the worker threads. */
    @Override
    public void close() {
        server.stop();
        transport.closeConnections();
        workers.shutdownNow();
        try {
            acceptor.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.debug("{}: stopped on port {}", name, port);
    }
}
