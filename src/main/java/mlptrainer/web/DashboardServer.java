package mlptrainer.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import mlptrainer.LogLimiter;
import mlptrainer.coordinator.CoordinatorView;
import mlptrainer.rpc.AuthToken;
import mlptrainer.rpc.TlsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator's web dashboard: the JDK's own HTTP server ({@code com.sun.net.httpserver}), over
 * TLS with the Thrift ports' keys when the coordinator uses TLS, behind the cluster's token when it
 * has one. Requests run on a small executor of its own with a bounded queue (a request beyond it
 * has its connection closed), so a flood of browsers slows the dashboard only, never a job or the
 * Thrift server: handlers only read the coordinator's state. A request must arrive within 10 s,
 * and at most 64 connections are open at once.
 *
 * <p>{@link #register} mounts any handler behind the same token check and TLS (as {@code /metrics}).
 * Thread-safe; close to stop it.
 */
public final class DashboardServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DashboardServer.class);
    /** Threads serving requests; long polls may hold at most {@link Api#MAX_WAITING} of them. */
    static final int THREADS = 8;
    private static final int QUEUE = 64;

    static {
        // read once by the JDK server's configuration class: bound how long a request may take to arrive
        // (a client trickling its headers holds a thread until then) and how many connections stay open
        setIfAbsent("sun.net.httpserver.maxReqTime", "10");
        setIfAbsent("sun.net.httpserver.maxConnections", "64");
    }

    private final HttpServer server;
    private final ThreadPoolExecutor executor;
    private final Access access;
    private final String scheme;
    private final LogLimiter errorLog = new LogLimiter(60_000, 256);
    private final AtomicBoolean closed = new AtomicBoolean();

    private DashboardServer(HttpServer server, ThreadPoolExecutor executor, Access access, String scheme) {
        this.server = server;
        this.executor = executor;
        this.access = access;
        this.scheme = scheme;
    }

    /**
     * Binds and starts serving the dashboard's pages and API.
     *
     * @param bind  the address to listen on (as the Thrift port's)
     * @param port  the port, 0 for a free one
     * @param tls   the coordinator's TLS, or null for plain HTTP
     * @param token the cluster's token (none: every request is served)
     * @throws IOException when the address cannot be bound
     */
    public static DashboardServer start(CoordinatorView view, String bind, int port, TlsConfig tls, AuthToken token)
            throws IOException {
        InetSocketAddress address = new InetSocketAddress(InetAddress.getByName(bind), port);
        HttpServer server = tls == null ? HttpServer.create(address, 50) : https(address, tls.sslContext());
        ThreadPoolExecutor executor = new ThreadPoolExecutor(THREADS, THREADS, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUE), new DaemonThreads(), new ThreadPoolExecutor.AbortPolicy());
        server.setExecutor(executor);
        DashboardServer d = new DashboardServer(server, executor,
                new Access(token, tls != null, System::currentTimeMillis), tls == null ? "http" : "https");
        d.mountDashboard(view);
        server.start();
        LOG.info("dashboard: {}{}", d.url(), token.required() ? " (asks for the cluster's token)" : "");
        return d;
    }

    private static HttpsServer https(InetSocketAddress address, SSLContext context) throws IOException {
        HttpsServer s = HttpsServer.create(address, 50);
        s.setHttpsConfigurator(new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters params) {
                params.setSSLParameters(context.getDefaultSSLParameters());
            }
        });
        return s;
    }

    private void mountDashboard(CoordinatorView view) {
        Pages pages = new Pages(view);
        server.createContext("/", guarded(pages::page, true));
        server.createContext("/static/", open(pages::asset));
        Login login = new Login(access, pages);
        server.createContext("/login", open(login::handle));
        server.createContext("/logout", open(login::logout));
        server.createContext("/api/", guarded(new Api(view)::handle, false));
    }

    /**
     * Serves {@code handler} at {@code path} (and below it), behind the dashboard's token check and
     * TLS: a request without the token gets 401 with a JSON body. Errors the handler throws become
     * a 500 with a JSON body, logged once a minute.
     */
    public void register(String path, HttpHandler handler) {
        server.createContext(path, guarded(handler::handle, false));
    }

    /** A handler of this server's: it may refuse a malformed request with a {@link Exchanges.BadRequestException}. */
    @FunctionalInterface
    interface Route {
        void handle(HttpExchange ex) throws IOException, Exchanges.BadRequestException;
    }

    /** @param page true: a request without the token is sent to the login form rather than refused */
    private HttpHandler guarded(Route handler, boolean page) {
        return open(ex -> {
            if (access.admits(ex)) {
                handler.handle(ex);
            } else if (page) {
                Exchanges.redirect(ex, "/login?next=" + URLEncoder.encode(ex.getRequestURI().getPath(),
                        StandardCharsets.UTF_8));
            } else {
                ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"mlp-trainer\"");
                Exchanges.error(ex, 401, "this dashboard needs the cluster's token: send 'Authorization: Bearer "
                        + "TOKEN' or log in at /login");
            }
        });
    }

    /** Turns a handler's failure into an answer: 400 for a malformed request, 500 (logged) otherwise. */
    private HttpHandler open(Route handler) {
        return ex -> {
            try {
                handler.handle(ex);
            } catch (Exchanges.BadRequestException e) {
                Exchanges.error(ex, 400, e.getMessage());
            } catch (IOException e) {
                LOG.debug("dashboard: {} {}: {}", ex.getRequestMethod(), ex.getRequestURI().getPath(), e.toString());
            } catch (RuntimeException | Error e) {
                internalError(ex, e);
            } finally {
                ex.close();
            }
        };
    }

    private void internalError(HttpExchange ex, Throwable e) {
        long skipped = errorLog.admit(ex.getHttpContext().getPath());
        if (skipped >= 0) {
            LOG.warn("dashboard: {} {} failed: {}{}", ex.getRequestMethod(), ex.getRequestURI().getPath(), e,
                    LogLimiter.suppressed(skipped));
        }
        try {
            Exchanges.error(ex, 500, "internal error: " + e.getClass().getSimpleName());
        } catch (IOException | RuntimeException ignored) {
            // the response had started or the client left: closing the exchange is all that is left
        }
    }

    /** @return the port the dashboard listens on */
    public int port() {
        return server.getAddress().getPort();
    }

    /** @return the dashboard's address for a browser on this machine when it listens on every interface */
    public String url() {
        InetAddress a = server.getAddress().getAddress();
        String host = a.isAnyLocalAddress() ? "127.0.0.1" : a.getHostAddress();
        return scheme + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port() + "/";
    }

    /** Stops serving at once (waiting requests are interrupted); a second call does nothing. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            server.stop(0);
            executor.shutdownNow();
        }
    }

    /** Names the dashboard's threads and makes them daemons, so they never keep the JVM up. */
    private static final class DaemonThreads implements ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "dashboard-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    }

    private static void setIfAbsent(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }
}
