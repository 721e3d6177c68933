package mlptrainer.coordinator;

/**
 * A node as the dashboard shows it, read in one piece under the registry's lock. Immutable.
 *
 * @param address       "host:port"
 * @param listed        on the operator's node list
 * @param joined        announced itself with the cluster's token (heartbeats)
 * @param up            answered its last attempt and is a member now
 * @param reason        why it is down ("connection refused", "left", "no heartbeat ..."), or "" when up
 * @param slots         the tasks it runs at once, as it last said
 * @param busySlots     the coordinator's tasks on it now
 * @param accepted      attempts it trained and answered with usable deltas, since the coordinator started
 * @param rejected      attempts it declined
 * @param failed        attempts that ended in an error, bad deltas or no answer
 * @param busyMs        the wall time of its accepted attempts, in milliseconds
 * @param shardsShipped shards the coordinator sent it because it lacked them (it caches them)
 * @param lastError     why its last failed attempt failed, or "" when none did
 * @param version       the version it reported, or "" when not asked yet or one of the original's nodes
 * @param protocol      what it speaks: "unknown" (not asked yet), "original" or "current"
 */
public record NodeView(String address, boolean listed, boolean joined, boolean up, String reason, int slots,
        int busySlots, int accepted, int rejected, int failed, long busyMs, int shardsShipped, String lastError,
        String version, String protocol) {

    /** Reads the handle; the caller holds the registry's lock. */
    static NodeView of(NodeHandle n, boolean member, long nowNanos) {
        boolean up = n.up && member;
        NodeCounts c = n.counts();
        NodeReport report = n.report;
        return new NodeView(n.address().toString(), n.fromList, n.joinedFrom != null, up,
                up ? "" : downReason(n, member, nowNanos), n.slots, n.inFlight, c.accepted(), c.rejected(),
                c.failed(), c.busyMs(), n.shardsShipped(), n.lastError == null ? "" : n.lastError, report.version(),
                switch (report.protocol()) {
                    case UNKNOWN -> "unknown";
                    case LEGACY -> "original";
                    case CURRENT -> "current";
                });
    }

    private static String downReason(NodeHandle n, boolean member, long nowNanos) {
        if (n.left) {
            return "left";
        }
        if (!member) {
            return "no heartbeat within its lease";
        }
        String why = n.lastError == null ? "failed" : n.lastError;
        long retryMs = (n.retryAtNanos - nowNanos) / 1_000_000L;
        return retryMs > 0 ? why + " (tried again in " + (retryMs + 999) / 1000 + " s)" : why;
    }
}
