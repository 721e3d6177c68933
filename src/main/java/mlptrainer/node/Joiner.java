package mlptrainer.node;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import mlptrainer.LogLimiter;
import mlptrainer.coordinator.NodeAddress;
import mlptrainer.rpc.RpcConnection;
import mlptrainer.rpc.RpcLimits;
import mlptrainer.rpc.Security;
import mlptrainer.rpc.ServerOptions;
import mlptrainer.rpc.gen.Coordinator;
import mlptrainer.rpc.gen.InvalidRequest;
import mlptrainer.rpc.gen.Unauthorized;
import org.apache.thrift.TException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a compute node registered with a coordinator: a heartbeat now and then every third of
 * the lease the coordinator grants, and a "leave" on a clean shutdown. A coordinator that is down
 * is retried quietly; a coordinator that refuses the node (no token, a wrong one, a bad address)
 * is named in a WARN, once per reason and ten minutes. The node keeps serving whatever happens.
 * Thread-safe; close to stop.
 */
public final class Joiner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Joiner.class);
    private static final int TIMEOUT_MS = 5_000;
    /** How often a refused node asks again (a token may be given to the coordinator meanwhile). */
    private static final long REFUSED_RETRY_MS = 10_000;
    /** One line per reason and interval, with a count: a refusal repeats for as long as the node runs. */
    private final LogLimiter refusals = new LogLimiter(ServerOptions.DEFAULT_LOG_INTERVAL_MS, 8);
    private final NodeAddress coordinator;
    private final NodeAddress advertised;
    private final Security security;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "join-heartbeat");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean registered;
    private volatile long intervalMs = 1_000;

    /**
     * @param coordinator where to register
     * @param advertised  the address the coordinator should use to reach this node
     */
    public Joiner(NodeAddress coordinator, NodeAddress advertised, Security security) {
        this.coordinator = coordinator;
        this.advertised = advertised;
        this.security = security;
    }

    /** Sends the first heartbeat now and keeps sending them. */
    public void start() {
        warnIfLoopbackToRemote(advertised, coordinator);
        timer.execute(this::beat);
    }

    /**
     * The address of the local interface this host uses to reach the coordinator: the one the
     * coordinator most likely reaches this node at. Found by connecting a UDP socket, which sends
     * nothing, and reading its local address; resolves the coordinator's name.
     *
     * @return that address as an IP literal, or empty when the coordinator's name does not resolve
     *         or the system names no route to it
     */
    public static Optional<String> addressTowards(NodeAddress coordinator) {
        try (DatagramSocket probe = new DatagramSocket()) {
            probe.connect(InetAddress.getByName(coordinator.host()), coordinator.port());
            InetAddress local = probe.getLocalAddress();
            return local == null || local.isAnyLocalAddress() ? Optional.empty() : Optional.of(local.getHostAddress());
        } catch (IOException | RuntimeException e) {
            LOG.debug("join: no route to coordinator {} to take an address from: {}", coordinator, e.toString());
            return Optional.empty();
        }
    }

    /**
     * A coordinator on another host that is told a loopback address connects to itself, never to
     * this node: says so, with the fix, once at start.
     *
     * @return whether it warned
     */
    static boolean warnIfLoopbackToRemote(NodeAddress advertised, NodeAddress coordinator) {
        if (!isLoopback(advertised.host()) || isLoopback(coordinator.host())) {
            return false;
        }
        LOG.warn("join: this node advertises {}, a loopback address, to coordinator {} on another host, which cannot "
                + "reach it there; give --advertise with an address the coordinator can reach", advertised,
                coordinator);
        return true;
    }

    /** @return whether the host names a loopback address; a name that does not resolve is not one */
    static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private void beat() {
        try (RpcConnection<Coordinator.Client> c = connect()) {
            int leaseMs = c.client().heartbeat(advertised.host(), advertised.port(), security.token().presented());
            intervalMs = Math.max(100, leaseMs / 3);
            if (!registered) {
                LOG.info("join: registered with coordinator {} as {} (lease {} ms)", coordinator, advertised, leaseMs);
            }
            registered = true;
        } catch (Unauthorized | InvalidRequest e) {
            refused(e.getMessage());
        } catch (TException e) {
            if (registered) {
                LOG.info("join: coordinator {} unreachable ({}); retrying", coordinator, e.getMessage());
            } else {
                LOG.debug("join: coordinator {} unreachable ({}); retrying", coordinator, e.getMessage());
            }
            registered = false;
        }
        if (!timer.isShutdown()) {
            timer.schedule(this::beat, intervalMs, TimeUnit.MILLISECONDS);
        }
    }

    /** The coordinator said no: say why now and then (not every beat), and ask again less often. */
    private void refused(String why) {
        registered = false;
        intervalMs = Math.max(intervalMs, REFUSED_RETRY_MS);
        long skipped = refusals.admit(why);
        if (skipped >= 0) {
            LOG.warn("join: coordinator {} refused this node ({}): {}{}", coordinator, advertised, why,
                    LogLimiter.suppressed(skipped));
        } else {
            LOG.debug("join: coordinator {} refused this node ({}): {}", coordinator, advertised, why);
        }
    }

    private RpcConnection<Coordinator.Client> connect() throws TException {
        return RpcConnection.open(coordinator.host(), coordinator.port(), TIMEOUT_MS, TIMEOUT_MS, RpcLimits.DEFAULT,
                security.tls(), Coordinator.Client::new);
    }


    /** Stops the heartbeats and tells the coordinator the node is leaving. */
    @Override
    public void close() {
        timer.shutdownNow();
        try (RpcConnection<Coordinator.Client> c = connect()) {
            c.client().leave(advertised.host(), advertised.port(), security.token().presented());
            LOG.info("join: left coordinator {}", coordinator);
        } catch (Unauthorized e) {
            LOG.warn("join: coordinator {} refused this node's leave: {}", coordinator, e.getMessage());
        } catch (TException e) {
            LOG.debug("join: could not announce leaving to {}: {}", coordinator, e.getMessage());
        }
    }
}
