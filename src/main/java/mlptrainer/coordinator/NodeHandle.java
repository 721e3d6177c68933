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
    private final Deque<RpcConnection<ComputeNode.Client>> idle = new ArrayDeque<>();
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

    /** @return the node's counts since the coordinator started, across all jobs */
    NodeCounts counts() {
        return counts.get();
    }

    /** @return an idle connection, or null when a new one must be opened */
    RpcConnection<ComputeNode.Client> borrowConnection() {
        synchronized (idle) {
            return idle.pollFirst();
        }
    }

    /** Keeps a connection that served its call cleanly, for the next task. */
    void returnConnection(RpcConnection<ComputeNode.Client> c) {
        synchronized (idle) {
            idle.addFirst(c);
        }
    }

    /** Closes pooled connections: after a failure they may be stale. */
    void closeIdleConnections() {
        synchronized (idle) {
            idle.forEach(RpcConnection::close);
            idle.clear();
        }
    }

    @Override
    public String toString() {
        return address.toString();
    }
}
