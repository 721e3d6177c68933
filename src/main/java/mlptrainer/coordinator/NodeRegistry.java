package mlptrainer.coordinator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mlptrainer.rpc.gen.NodeStat;

/**
 * Membership: the nodes of the node list and those that joined, with what each can take now.
 * A node that failed is left out for a backoff that grows with its consecutive failures (so one
 * that comes up later is used again); a joined node whose heartbeat lease ran out, or that left,
 * is left out until it heartbeats again. Thread-safe: every method synchronises on the registry.
 */
public final class NodeRegistry {
    private static final long BASE_BACKOFF_NANOS = 100_000_000L;
    private final Map<NodeAddress, NodeHandle> nodes = new LinkedHashMap<>();
    private final long maxBackoffNanos;

    /** @param maxBackoffMs the longest a failed node is left out before it is tried again */
    public NodeRegistry(long maxBackoffMs) {
        this.maxBackoffNanos = maxBackoffMs * 1_000_000L;
    }

    /** Adds the nodes of the node list, in order. */
    public synchronized void addListed(List<NodeAddress> listed) {
        for (NodeAddress a : listed) {
            handleFor(a).fromList = true;
        }
    }

    /** Registers or renews a joined node's lease; it is schedulable until the lease ends. */
    public synchronized NodeHandle heartbeat(NodeAddress address, long leaseMs, long nowNanos) {
        NodeHandle n = handleFor(address);
        if (!n.fromList) {
            n.leaseUntilNanos = nowNanos + leaseMs * 1_000_000L;
        }
        n.left = false;
        n.retryAtNanos = Math.min(n.retryAtNanos, nowNanos);
        notifyAll();
        return n;
    }

    /** A node announced a clean shutdown: schedule nothing more on it until it heartbeats again. */
    public synchronized void leave(NodeAddress address) {
        NodeHandle n = nodes.get(address);
        if (n != null) {
            n.left = true;
            n.up = false;
            n.lastError = "left";
        }
    }

    private NodeHandle handleFor(NodeAddress a) {
        return nodes.computeIfAbsent(a, x -> new NodeHandle(x, nodes.size()));
    }

    /** @return every node, in registry order */
    public synchronized List<NodeHandle> all() {
        return new ArrayList<>(nodes.values());
    }

    /** @return nodes that may take a task now: a free slot, not in backoff, listed or leased */
    public synchronized List<NodeHandle> free(long nowNanos) {
        List<NodeHandle> out = new ArrayList<>();
        for (NodeHandle n : nodes.values()) {
            if (isMember(n, nowNanos) && n.inFlight < n.slots && n.retryAtNanos <= nowNanos) {
                out.add(n);
            }
        }
        return out;
    }

    private static boolean isMember(NodeHandle n, long nowNanos) {
        return !n.left && (n.fromList || n.leaseUntilNanos > nowNanos);
    }

    /** @return the number of nodes that could ever take a task now (members) */
    public synchronized int members(long nowNanos) {
        int count = 0;
        for (NodeHandle n : nodes.values()) {
            if (isMember(n, nowNanos)) {
                count++;
            }
        }
        return count;
    }

    /** @return the earliest time a node in backoff may be tried again, or Long.MAX_VALUE */
    public synchronized long nextRetryNanos(long nowNanos) {
        long next = Long.MAX_VALUE;
        for (NodeHandle n : nodes.values()) {
            if (isMember(n, nowNanos) && n.retryAtNanos > nowNanos) {
                next = Math.min(next, n.retryAtNanos);
            }
        }
        return next;
    }

    synchronized void acquire(NodeHandle n) {
        n.inFlight++;
    }

    /** The node answered (accepted or rejected): it is up. */
    synchronized void releaseAnswered(NodeHandle n, int slots) {
        n.inFlight--;
        n.slots = Math.max(1, slots);
        n.up = true;
        n.consecutiveFailures = 0;
        n.retryAtNanos = 0;
        notifyAll();
    }

    /** The node failed the attempt: mark it down and back off before trying it again. */
    synchronized void releaseFailed(NodeHandle n, String error, long nowNanos) {
        n.inFlight--;
        n.up = false;
        n.lastError = error;
        n.consecutiveFailures++;
        long backoff = BASE_BACKOFF_NANOS << Math.min(20, n.consecutiveFailures - 1);
        n.retryAtNanos = nowNanos + Math.min(maxBackoffNanos, backoff);
        notifyAll();
    }

    /** @return every node's counters since the coordinator started (all jobs) and its state, for status */
    public synchronized List<NodeStat> stats(long nowNanos) {
        List<NodeStat> out = new ArrayList<>();
        for (NodeHandle n : nodes.values()) {
            out.add(stat(n, n.counts(), nowNanos));
        }
        return out;
    }

    /**
     * @param counts counts of some nodes, such as one job's
     * @return those nodes, in registry order, each with its counts and its current state (up, last error)
     */
    synchronized List<NodeStat> stats(Map<NodeHandle, NodeCounts> counts, long nowNanos) {
        List<NodeStat> out = new ArrayList<>();
        for (NodeHandle n : nodes.values()) {
            NodeCounts c = counts.get(n);
            if (c != null) {
                out.add(stat(n, c, nowNanos));
            }
        }
        return out;
    }

    /** The node's current state (up, last error) with these counts. */
    private NodeStat stat(NodeHandle n, NodeCounts c, long nowNanos) {
        NodeStat s = new NodeStat(n.address().toString(), n.up && isMember(n, nowNanos), c.accepted(), c.rejected(),
                c.failed(), c.busyMs());
        if (n.lastError != null) {
            s.setLast_error(n.lastError);
        }
        return s;
    }

    /** Closes every pooled connection (coordinator shutdown). */
    public void closeConnections() {
        all().forEach(NodeHandle::closeIdleConnections);
    }
}
