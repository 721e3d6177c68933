package mlptrainer.coordinator;

import java.util.Set;
import java.util.TreeSet;

/**
 * What a node said about itself when last asked ({@code describe}), or that it is one of the
 * original's nodes, which cannot be asked. Immutable; a node's report is replaced whole, so its
 * parts always come from one answer.
 *
 * @param protocol          what the node speaks
 * @param version           its version ("" unless CURRENT)
 * @param slots             the tasks it said it runs at once (the registry counts at least 1)
 * @param supportedSettings the task settings it understands (empty unless CURRENT)
 * @param shardShipping     whether it takes a shard's bytes with a task
 * @param packedWeights     whether it reads packed weights and answers with packed deltas
 */
record NodeReport(Protocol protocol, String version, int slots, Set<String> supportedSettings, boolean shardShipping,
        boolean packedWeights) {
    /** What the node speaks: not asked yet, only the original's call, or ours as well. */
    enum Protocol { UNKNOWN, LEGACY, CURRENT }

    /** A node not asked yet: one slot until it says otherwise. */
    static final NodeReport UNKNOWN = new NodeReport(Protocol.UNKNOWN, "", 1, Set.of(), false, false);
    /** One of the original's nodes: one slot, no settings, weights as lists only. */
    static final NodeReport LEGACY = new NodeReport(Protocol.LEGACY, "", 1, Set.of(), false, false);

    NodeReport {
        supportedSettings = Set.copyOf(supportedSettings);
    }

    /** @return the settings the node did not say it understands, or null when it knows them all */
    String unsupported(Set<String> settings) {
        Set<String> missing = new TreeSet<>(settings);
        missing.removeAll(supportedSettings);
        return missing.isEmpty() ? null : missing.toString();
    }
}
