package mlptrainer.coordinator;

/**
 * Counts of a node's task attempts: how many it accepted, rejected and failed, and the milliseconds
 * the coordinator waited for the accepted ones. Immutable. {@link #plus} is the one place that says
 * which outcome counts where, for the coordinator-wide counters ({@link NodeHandle}) and a job's
 * ({@link JobNodeCounters}) alike.
 *
 * @param accepted attempts the node trained and answered with usable deltas
 * @param rejected attempts the node declined (policy 2)
 * @param failed   attempts that ended in an error, bad deltas or no answer
 * @param busyMs   the wall time of the accepted attempts at the coordinator, in milliseconds
 */
record NodeCounts(int accepted, int rejected, int failed, long busyMs) {
    static final NodeCounts NONE = new NodeCounts(0, 0, 0, 0);

    /**
     * @return these counts and one more attempt that ended as {@code result} says; an attempt the
     *         node could not run (INELIGIBLE) counts nowhere
     */
    NodeCounts plus(AttemptResult result) {
        return switch (result.kind()) {
            case ACCEPTED -> new NodeCounts(accepted + 1, rejected, failed, busyMs + result.busyMs());
            case REJECTED -> new NodeCounts(accepted, rejected + 1, failed, busyMs);
            case INELIGIBLE -> this;
            case NODE_ERROR, BAD_RESULT, TRANSPORT_ERROR -> new NodeCounts(accepted, rejected, failed + 1, busyMs);
        };
    }

    /** @return these counts with an accepted attempt moved to the failed ones: the coordinator refused its deltas */
    NodeCounts refused(AttemptResult accepted) {
        return new NodeCounts(this.accepted - 1, rejected, failed + 1, busyMs - accepted.busyMs());
    }
}
