package mlptrainer.client;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A job as one status call saw it: where it is, the current round's task counts, every finished
 * round and the job's own counts per node. Immutable.
 *
 * @param jobId        the coordinator's id of the job
 * @param phase        running, or how it ended
 * @param roundsEnded  rounds finished so far
 * @param rounds       rounds the job has in all
 * @param tasksDone    tasks of the current round done (between rounds: of the round that just ended)
 * @param tasksTotal   tasks of the current round in all
 * @param tasksRunning tasks of the current round on a node now
 * @param rejections   task attempts nodes declined so far
 * @param retries      task attempts sent again so far
 * @param failedNodes  the nodes ("host:port") the job stopped using after failures, in order
 * @param roundsDone   every finished round, in order
 * @param elapsedMs    the job's wall time so far, in milliseconds
 * @param nodes        the nodes offered the job's tasks, with the job's counts
 * @param finalError   the final validation error, once the job succeeded
 * @param error        why the job failed or was cancelled, else null
 * @param request      what the job trains, when the coordinator said
 * @param best         the round with the lowest validation error, once a round kept its model
 */
public record JobSnapshot(String jobId, JobPhase phase, int roundsEnded, int rounds, int tasksDone, int tasksTotal,
        int tasksRunning, int rejections, int retries, List<String> failedNodes, List<RoundResult> roundsDone,
        long elapsedMs, List<NodeCounts> nodes, OptionalDouble finalError, String error,
        Optional<TrainingRequest> request, Optional<BestRound> best) {
    public JobSnapshot {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(phase, "phase");
        failedNodes = List.copyOf(failedNodes);
        roundsDone = List.copyOf(roundsDone);
        nodes = List.copyOf(nodes);
        Objects.requireNonNull(finalError, "finalError");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(best, "best");
    }
}
