package mlptrainer.coordinator;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicReference;
import mlptrainer.rpc.RpcConnection;
import mlptrainer.rpc.gen.ComputeNode;
import mlptrainer.rpc.gen.NodeInfo;

/**
 * A compute node as the coordinator knows it: its address, how many tasks it takes at once,
 * whether it is up, its counters across all jobs and its idle connections (reused across tasks
 * and rounds). Scheduling state (in flight, up, retry time) is guarded by the {@link NodeRegistry};
 * the counters are one atomic {@link NodeCounts}; the connection pool synchronises on itself.
 */
public final class NodeHandle {
    /** What the node speaks: not asked yet, only the original's call, or ours as well. */
    enum Protocol { UNKNOWN, LEGACY, CURRENT }

    private final NodeAddress address;
    private final int index;
    /**
     * Pooled connections idle longer than this are closed instead of reused: a node closes a
     * connection idle for 10 minutes ({@code ServerOptions}' default), and a task sent on such a
     * connection would fail and count against the node. Half that, for clock and timing slack.
     */
    static final long MAX_IDLE_NANOS = 5L * 60 * 1_000_000_000L;
    private final Deque<Pooled> idle = new ArrayDeque<>();

    /** A pooled connection and when it went idle ({@link System#nanoTime}). */
    private record Pooled(RpcConnection<ComputeNode.Client> connection, long idleSinceNanos) {
    }
    private final AtomicReference<NodeCounts> counts = new AtomicReference<>(NodeCounts.NONE);

    // guarded by the registry
    int inFlight;
    int slots = 1;
    boolean up = true;
    String lastError;
    int consecutiveFailures;
    long retryAtNanos;
    boolean fromList;
    long leaseUntilNanos = Long.MAX_VALUE;
    boolean left;
    /** The IP address the node's last accepted heartbeat came from; only it may announce the node's leave. */
    String joinedFrom;

    /**
     * Listed by the operator or joined with the cluster's token: only such a node is connected to
     * or sent shard data. Written under the registry's lock, read by connections without it.
     */
    volatile boolean admitted;

    volatile Protocol protocol = Protocol.UNKNOWN;
    volatile NodeInfo info;

    NodeHandle(NodeAddress address, int index) {
        this.address = address;
        this.index = index;
    }

    public NodeAddress address() {
        return address;
    }

    /** @return the node's place in the registry (list order, then joins) */
    public int index() {
        return index;
    }

    /** Counts an attempt that ended on this node (since the coordinator started, across jobs). */
    void count(AttemptResult result) {
        counts.updateAndGet(c -> c.plus(result));
    }

    /** An attempt counted as accepted had its deltas refused by the coordinator: it counts as failed. */
    void countRefused(AttemptResult accepted) {
        counts.updateAndGet(c -> c.refused(accepted));
    }

    /** @return the node's counts since the coordinator started, across all jobs */
    NodeCounts counts() {
        return counts.get();
    }

    /**
     * @param nowNanos {@link System#nanoTime} now
     * @return an idle connection that has not been idle longer than {@link #MAX_IDLE_NANOS}, or
     *         null when a new one must be opened; staler ones are closed on the way
     */
    RpcConnection<ComputeNode.Client> borrowConnection(long nowNanos) {
        synchronized (idle) {
            Pooled p;
            while ((p = idle.pollFirst()) != null) {
                if (nowNanos - p.idleSinceNanos() <= MAX_IDLE_NANOS) {
                    return p.connection();
                }
                p.connection().close();
            }
            return null;
        }
    }

    /** Keeps a connection that served its call cleanly, for the next task; it is idle from {@code nowNanos}. */
    void returnConnection(RpcConnection<ComputeNode.Client> c, long nowNanos) {
        synchronized (idle) {
            idle.addFirst(new Pooled(c, nowNanos));
        }
    }

    /** Closes pooled connections: after a failure they may be stale. */
    void closeIdleConnections() {
        synchronized (idle) {
            idle.forEach(p -> p.connection().close());
            idle.clear();
        }
    }

    @Override
    public String toString() {
        return address.toString();
    }
}
