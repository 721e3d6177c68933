package mlptrainer.coordinator;

/**
 * What a coordinator tells an observer as it works, for metrics: attempts, rounds, checkpoints,
 * bytes sent to and received from nodes, and refusals. Every method has a no-op default, so an
 * observer implements only what it counts; {@link #NONE} counts nothing. The coordinator's core
 * knows this interface only, not what implements it.
 *
 * <p>Implementations must be thread-safe and quick: the methods are called on the job threads, the
 * RPC threads and the connection threads, and must not throw nor block.
 */
public interface CoordinatorEvents {
    /** Observes nothing. */
    CoordinatorEvents NONE = new CoordinatorEvents() {
    };

    /** What {@link #bytesShipped} counts: the payload, not the framing around it. */
    enum Payload {
        /** A shard's file sent to a node that lacked it. */
        SHARD_SENT,
        /** A task's starting weights sent to a node, 8 bytes a value. */
        WEIGHTS_SENT,
        /** A node's result (the weight deltas) received, 8 bytes a value. */
        DELTAS_RECEIVED
    }

    /** One attempt of a task ended (on the node {@code attempt.node()}, a listed or joined one). */
    default void attemptEnded(TaskAttempt attempt) {
    }

    /** A job's round ended: validated and published. */
    default void roundCompleted(String jobId, int round) {
    }

    /** A job's checkpoint was written. */
    default void checkpointWritten(String jobId) {
    }

    /** Bytes of a payload went to or came from a node. */
    default void bytesShipped(Payload payload, long bytes) {
    }

    /**
     * A request, connection or result was refused.
     *
     * @param reason a short fixed label from a small set ("wrong_token", "too_many_connections",
     *               "too_large", "bad_delta", ...): never a peer's own text
     */
    default void refused(String reason) {
    }
}
