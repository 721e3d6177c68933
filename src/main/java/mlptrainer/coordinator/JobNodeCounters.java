package mlptrainer.coordinator;

import java.util.HashMap;
import java.util.Map;

/**
 * One job's counts per compute node: of the attempts of this job's tasks, how many each node
 * accepted, rejected and failed, and the time the coordinator waited for its accepted ones. The
 * round loop feeds it the same attempt outcomes as the coordinator-wide counters of
 * {@link NodeHandle}, classified alike ({@link NodeCounts#plus}), so the two differ only in what
 * they cover.
 *
 * <p>A node is listed from the moment it is offered one of the job's tasks, with zeros until an
 * attempt there ends; a node never offered one is not listed. An attempt that ends after its round
 * or job (a backup that lost, an attempt withdrawn when the job failed) still counts for the job.
 *
 * <p>Thread-safe: every method synchronises on this object, so a snapshot never shows half of an
 * attempt's counting.
 */
final class JobNodeCounters {
    private final Map<NodeHandle, NodeCounts> byNode = new HashMap<>();

    /** The node was offered a task of the job: list it from now on. */
    synchronized void offered(NodeHandle node) {
        byNode.putIfAbsent(node, NodeCounts.NONE);
    }

    /** An attempt of one of the job's tasks on the node ended as {@code result} says. */
    synchronized void attemptEnded(NodeHandle node, AttemptResult result) {
        byNode.put(node, byNode.getOrDefault(node, NodeCounts.NONE).plus(result));
    }

    /** An attempt counted as accepted had its deltas refused (too large): it counts as failed. */
    synchronized void refused(NodeHandle node, AttemptResult accepted) {
        byNode.computeIfPresent(node, (n, c) -> c.refused(accepted));
    }

    /** @return each listed node's counts so far (a copy) */
    synchronized Map<NodeHandle, NodeCounts> snapshot() {
        return new HashMap<>(byNode);
    }
}
