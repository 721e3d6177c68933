package mlptrainer.client;

import java.util.Objects;
import java.util.Optional;

/**
 * A compute node offered a job's tasks, with that job's counts of its task attempts (an attempt
 * offered twice counts twice) and its state when the status was read. Immutable.
 *
 * @param node          "host:port"
 * @param up            not known to be down when the status was read
 * @param tasksAccepted attempts it trained and answered with usable deltas
 * @param tasksRejected attempts it declined
 * @param tasksFailed   attempts that ended in an error, unusable deltas or no answer
 * @param busyMs        the coordinator's wall time of the accepted attempts, in milliseconds
 * @param lastError     the node's most recent error, from any job, when it had one
 */
public record NodeCounts(String node, boolean up, int tasksAccepted, int tasksRejected, int tasksFailed, long busyMs,
        Optional<String> lastError) {
    public NodeCounts {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(lastError, "lastError");
    }
}
