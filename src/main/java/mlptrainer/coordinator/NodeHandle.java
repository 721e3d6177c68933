package mlptrainer.coordinator;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A compute node as the coordinator knows it: its address, how many tasks it takes at once,
 * whether it is up, its counters across all jobs and its idle connections (reused across tasks
 * and rounds). Scheduling state (in flight, up, retry time) is guarded by the {@link NodeRegistry};
 * the counters are one atomic {@link NodeCounts}; what the node said about itself is one volatile
 * {@link NodeReport}, replaced whole by the {@link NodeClient}, whose pool of the node's connections
 * synchronises on itself.
 */
public final class NodeHandle {
    private final NodeAddress address;
    private final int index;
    private final NodeClient.Pool connections = new NodeClient.Pool();
    private final AtomicReference<NodeCounts> counts = new AtomicReference<>(NodeCounts.NONE);
    private final AtomicInteger shardsShipped = new AtomicInteger();

    // guarded by the registry: read and written only inside its synchronized methods
    int inFlight;
    int slots = 1;
    /** Whether the node answered last: false until it first does (a listed node may not be running). */
    boolean up;
    String lastError;
    int consecutiveFailures;
    long retryAtNanos;
    /** When an attempt on it last ended ({@link System#nanoTime}): a task queued before then has a slot since. */
    long lastReleaseNanos = System.nanoTime();
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

    /** What the node said about itself when last asked; written by the {@link NodeClient}. */
    volatile NodeReport report = NodeReport.UNKNOWN;

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

    /** Counts a shard sent to the node because it lacked it (it keeps it in its cache). */
    void shardShipped() {
        shardsShipped.incrementAndGet();
    }

    /** @return the shards sent to the node since the coordinator started */
    int shardsShipped() {
        return shardsShipped.get();
    }

    /** @return the node's idle connections, which the {@link NodeClient} lends and takes back */
    NodeClient.Pool connections() {
        return connections;
    }

    /** Closes pooled connections: after a failure they may be stale. */
    void closeIdleConnections() {
        connections.closeAll();
    }

    @Override
    public String toString() {
        return address.toString();
    }
}
