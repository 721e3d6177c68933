package mlptrainer.coordinator;

/**
 * A node as a status call shows it: its counts (since the coordinator started, or one job's) and
 * its current state. Immutable.
 *
 * @param node      the node's address, "host:port"
 * @param up        whether it answered its last attempt and is a member now
 * @param counts    its attempts' counts
 * @param lastError why its last failed attempt failed, or null
 */
public record NodeState(String node, boolean up, NodeCounts counts, String lastError) {
}
