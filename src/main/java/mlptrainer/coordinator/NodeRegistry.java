package mlptrainer.coordinator;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Membership: the nodes of the node list and those that joined, with what each can take now.
 * A node that failed is left out for a backoff that grows with its consecutive failures (so one
 * that comes up later is used again); a joined node whose heartbeat lease ran out, or that left,
 * is left out until it heartbeats again. Only listed nodes and nodes that joined with the
 * cluster's token are admitted (the only ones connected to or sent shards); a leave is taken only
 * from the address the node joined from, and never removes a listed node for good.
 * Thread-safe: every method synchronises on the registry.
 */
public final class NodeRegistry {
    private static final long BASE_BACKOFF_NANOS = 100_000_000L;
    /**
     * The most joined nodes held at once (listed nodes do not count): each costs a handle, its
     * counters and its connections, and any holder of the token could otherwise claim without end.
     */
    public static final int MAX_JOINED_NODES = 1024;
    private final Map<NodeAddress, NodeHandle> nodes = new LinkedHashMap<>();
    /** Indexes stay unique when a lapsed joined node is forgotten to make room. */
    private int nextIndex;
    private final long maxBackoffNanos;
    /**
     * The JVM property (-Dmlptrainer.queueAhead=true) that lets a node whose slots are busy hold one
     * more task ({@link #queueable}). Off by default: on 2 cores shared by the coordinator and 4 nodes
     * it cost more CPU (a second thread woken a task on each node) than the round trips it hides.
     */
    public static final String QUEUE_AHEAD_PROPERTY = "mlptrainer.queueAhead";
    private boolean queueAhead = Boolean.getBoolean(QUEUE_AHEAD_PROPERTY);

    /** @param maxBackoffMs the longest a failed node is left out before it is tried again */
    public NodeRegistry(long maxBackoffMs) {
        this.maxBackoffNanos = maxBackoffMs * 1_000_000L;
    }

    /** Why a listed node that has not answered yet shows as down. */
    static final String NOT_CONTACTED = "not contacted yet";

    /**
     * Adds the nodes of the node list, in order. Each shows as down ({@link #NOT_CONTACTED}) until
     * it answers: a node list may name nodes that are not running.
     */
    public synchronized void addListed(List<NodeAddress> listed) {
        for (NodeAddress a : listed) {
            NodeHandle n = handleFor(a);
            n.fromList = true;
            n.admitted = true;
            if (!n.up && n.lastError == null) {
                n.lastError = NOT_CONTACTED;
            }
        }
    }

    /**
     * Records how contacting a node ahead of any job went: up when it answered (unless its tasks
     * have failed since, which its next task decides), else down with the reason. Its scheduling
     * is unchanged (a job tries it as usual).
     *
     * @param whyNot empty when the node answered or was reached before, else why it did not answer
     * @return whether it answered
     */
    synchronized boolean contacted(NodeHandle n, Optional<String> whyNot) {
        if (whyNot.isEmpty()) {
            if (n.consecutiveFailures == 0) {
                markAnswered(n);
            }
            return true;
        }
        n.up = false;
        n.lastError = whyNot.get();
        return false;
    }

    private static void markAnswered(NodeHandle n) {
        n.up = true;
        if (NOT_CONTACTED.equals(n.lastError)) {
            n.lastError = null;
        }
    }

    /**
     * Registers or renews a node that joined; the caller has checked the cluster's token. A
     * joined node is schedulable until its lease ends; a listed node that heartbeats only comes
     * back at once from a back-off.
     *
     * @param source the IP address the heartbeat came from: the only one its leave is taken from
     * @throws IllegalStateException when {@link #MAX_JOINED_NODES} other nodes hold a lease
     */
    public synchronized NodeHandle join(NodeAddress address, String source, long leaseMs, long nowNanos) {
        NodeHandle n = nodes.get(address);
        if (n == null) {
            makeRoomToJoin(nowNanos);
            n = handleFor(address);
        }
        n.admitted = true;
        n.joinedFrom = source;
        if (!n.fromList) {
            n.leaseUntilNanos = nowNanos + leaseMs * 1_000_000L;
        }
        n.left = false;
        if (n.consecutiveFailures == 0) {
            markAnswered(n); // its heartbeat is an answer, unless calls to it have failed since
        }
        n.retryAtNanos = Math.min(n.retryAtNanos, nowNanos);
        notifyAll();
        return n;
    }

    /** At the cap, forgets one joined node whose lease ended (or that left) and that runs nothing. */
    private void makeRoomToJoin(long nowNanos) {
        if (nodes.values().stream().filter(n -> !n.fromList).count() < MAX_JOINED_NODES) {
            return;
        }
        Iterator<NodeHandle> it = nodes.values().iterator();
        while (it.hasNext()) {
            NodeHandle n = it.next();
            if (!n.fromList && !isMember(n, nowNanos) && n.inFlight == 0) {
                it.remove();
                n.closeIdleConnections();
                return;
            }
        }
        throw new IllegalStateException("this coordinator has " + MAX_JOINED_NODES
                + " joined nodes, the most it takes; another may join when one leaves or its lease ends");
    }

    /** What a leave did, or why it was refused. */
    public enum Leave {
        /** A joined node left: nothing is scheduled on it until it joins again. */
        LEFT,
        /** A listed node left: it stays listed and is tried again after a back-off, or at once when it joins. */
        BACKING_OFF,
        /** Refused: no node joined at that address (a listed node that never joined cannot be sent away). */
        NOT_JOINED,
        /** Refused: the leave came from another address than the node's last heartbeat. */
        OTHER_SOURCE
    }

    /**
     * A node announced a clean shutdown. Only the node itself may: the call must come from the
     * address its heartbeats came from, and the caller has checked the cluster's token.
     *
     * @param source the IP address the leave came from
     */
    public synchronized Leave leave(NodeAddress address, String source, long nowNanos) {
        NodeHandle n = nodes.get(address);
        if (n == null || n.joinedFrom == null) {
            return Leave.NOT_JOINED;
        }
        if (!n.joinedFrom.equals(source)) {
            return Leave.OTHER_SOURCE;
        }
        if (n.fromList) {
            backOff(n, "left; listed, so tried again after a back-off", nowNanos);
            return Leave.BACKING_OFF;
        }
        n.left = true;
        n.up = false;
        n.lastError = "left";
        return Leave.LEFT;
    }

    private NodeHandle handleFor(NodeAddress a) {
        return nodes.computeIfAbsent(a, x -> new NodeHandle(x, nextIndex++));
    }

    /** @return every node, in registry order */
    public synchronized List<NodeHandle> all() {
        return new ArrayList<>(nodes.values());
    }

    /** @return nodes that may take a task now: a free slot, not in backoff, listed or leased */
    public synchronized List<NodeHandle> free(long nowNanos) {
        return schedulable(nowNanos, false);
    }

    /**
     * @return nodes whose slots are all busy but that may hold one more task, queued behind them, so
     *         that it starts the moment a slot frees instead of a round trip later; only nodes that
     *         speak this coordinator's protocol (the original's serve one call at a time) and not in
     *         backoff; none when queueing is off ({@link #queueAhead})
     */
    synchronized List<NodeHandle> queueable(long nowNanos) {
        return queueAhead ? schedulable(nowNanos, true) : List.of();
    }

    private List<NodeHandle> schedulable(long nowNanos, boolean queue) {
        List<NodeHandle> out = new ArrayList<>();
        for (NodeHandle n : nodes.values()) {
            boolean room = queue ? n.inFlight == n.slots && n.report.protocol() == NodeReport.Protocol.CURRENT
                    : n.inFlight < n.slots;
            if (room && isMember(n, nowNanos) && n.retryAtNanos <= nowNanos) {
                out.add(n);
            }
        }
        return out;
    }

    /** Whether a node whose slots are busy may hold one more task ({@link #queueable}); see {@link #QUEUE_AHEAD_PROPERTY}. */
    synchronized void queueAhead(boolean on) {
        queueAhead = on;
    }

    private static boolean isMember(NodeHandle n, long nowNanos) {
        return n.admitted && !n.left && (n.fromList || n.leaseUntilNanos > nowNanos);
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

    /** @return the tasks every known node runs at once, as each last said */
    synchronized int totalSlots() {
        return nodes.values().stream().mapToInt(n -> n.slots).sum();
    }

    /** @return why the node's last failed attempt failed, or null */
    synchronized String lastError(NodeHandle n) {
        return n.lastError;
    }

    /** @return whether the task queues on the node behind tasks that take all its slots */
    synchronized boolean acquire(NodeHandle n) {
        n.inFlight++;
        return n.inFlight > n.slots;
    }

    /**
     * @return when an attempt on the node last ended ({@link System#nanoTime}; the node had a slot free
     *         from then), or {@code sinceNanos} when none has since {@code sinceNanos}
     */
    synchronized long lastReleaseNanos(NodeHandle n, long sinceNanos) {
        return n.lastReleaseNanos - sinceNanos > 0 ? n.lastReleaseNanos : sinceNanos;
    }

    /** The node answered (accepted or rejected): it is up. */
    synchronized void releaseAnswered(NodeHandle n, int slots) {
        n.inFlight--;
        n.lastReleaseNanos = System.nanoTime();
        n.slots = Math.max(1, slots);
        markAnswered(n);
        n.consecutiveFailures = 0;
        n.retryAtNanos = 0;
        notifyAll();
    }

    /** The node failed the attempt: mark it down and back off before trying it again. */
    synchronized void releaseFailed(NodeHandle n, String error, long nowNanos) {
        n.inFlight--;
        n.lastReleaseNanos = nowNanos;
        backOff(n, error, nowNanos);
        notifyAll();
    }

    private void backOff(NodeHandle n, String error, long nowNanos) {
        n.up = false;
        n.lastError = error;
        n.consecutiveFailures++;
        long backoff = BASE_BACKOFF_NANOS << Math.min(20, n.consecutiveFailures - 1);
        n.retryAtNanos = nowNanos + Math.min(maxBackoffNanos, backoff);
    }

    /** @return every node's counters since the coordinator started (all jobs) and its state, for status */
    public synchronized List<NodeState> stats(long nowNanos) {
        List<NodeState> out = new ArrayList<>();
        for (NodeHandle n : nodes.values()) {
            out.add(stat(n, n.counts(), nowNanos));
        }
        return out;
    }

    /**
     * @param counts counts of some nodes, such as one job's
     * @return those nodes, in registry order, each with its counts and its current state (up, last error)
     */
    synchronized List<NodeState> stats(Map<NodeHandle, NodeCounts> counts, long nowNanos) {
        List<NodeState> out = new ArrayList<>();
        for (NodeHandle n : nodes.values()) {
            NodeCounts c = counts.get(n);
            if (c != null) {
                out.add(stat(n, c, nowNanos));
            }
        }
        return out;
    }

    /** The node's current state (up, last error) with these counts. */
    private NodeState stat(NodeHandle n, NodeCounts c, long nowNanos) {
        return new NodeState(n.address().toString(), n.up && isMember(n, nowNanos), c, n.lastError);
    }

    /** @return every node as the dashboard shows it, in registry order */
    public synchronized List<NodeView> views(long nowNanos) {
        List<NodeView> out = new ArrayList<>();
        for (NodeHandle n : nodes.values()) {
            out.add(NodeView.of(n, isMember(n, nowNanos), nowNanos));
        }
        return out;
    }

    /** Closes every pooled connection (coordinator shutdown). */
    public void closeConnections() {
        all().forEach(NodeHandle::closeIdleConnections);
    }
}
