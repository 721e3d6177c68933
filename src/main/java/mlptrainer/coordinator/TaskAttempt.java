package mlptrainer.coordinator;

/**
 * One attempt of one task on one node, as the job's timeline and trace show it. Immutable.
 *
 * @param round       1-based round number
 * @param shard       1-based shard number
 * @param node        the node, as "host:port"
 * @param startMs     when the coordinator sent it, in milliseconds since the epoch
 * @param durationMs  from the send to the answer (or to the failure), in milliseconds
 * @param outcome     how it ended
 * @param detail      the error or refusal reason; empty for accepted results
 */
public record TaskAttempt(int round, int shard, String node, long startMs, long durationMs, Outcome outcome,
        String detail) {
    /** How an attempt ended, as the dashboard colours it. */
    public enum Outcome {
        /** Its result was taken and no other attempt of its task ran beside it. */
        ACCEPTED,
        /** The node declined the task (policy 2) or cannot run its settings. */
        REJECTED,
        /** An error: no answer, the node's error about the task, or a result refused as bad. */
        FAILED,
        /** Its result was taken while another attempt of the same task still ran (a backup race won). */
        BACKUP_WON,
        /** Another attempt of the same task had already won: this result was discarded. */
        BACKUP_LOST
    }
}
