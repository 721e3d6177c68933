package mlptrainer.client;

import java.util.List;
import java.util.function.Consumer;

/**
 * Follows a job to its end by polling its status, handing each newly finished round to one
 * listener and then each status to another. Used by one thread.
 */
public final class JobWatcher {
    private final CoordinatorSession session;

    public JobWatcher(CoordinatorSession session) {
        this.session = session;
    }

    /**
     * @param jobId    the job
     * @param onStatus called with every status read (for live progress)
     * @param onRound  called once per finished round, in order
     * @return the final status (succeeded, failed or cancelled)
     */
    public JobSnapshot follow(String jobId, Consumer<JobSnapshot> onStatus, Consumer<RoundResult> onRound)
            throws ClientFailure {
        int reported = 0;
        while (true) {
            JobSnapshot s = session.awaitJob(jobId);
            // rounds first: a view then ends the finished round's display before it draws the next one
            List<RoundResult> rounds = s.roundsDone();
            for (; reported < rounds.size(); reported++) {
                onRound.accept(rounds.get(reported));
            }
            onStatus.accept(s);
            if (s.phase().ended()) {
                return s;
            }
        }
    }
}
