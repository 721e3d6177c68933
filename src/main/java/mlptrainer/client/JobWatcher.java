package mlptrainer.client;

import java.util.List;
import java.util.function.Consumer;
import mlptrainer.rpc.gen.JobState;
import mlptrainer.rpc.gen.JobStatus;
import mlptrainer.rpc.gen.RoundStat;
import org.apache.thrift.TException;

/**
 * Follows a job to its end by polling its status, handing each newly finished round to one
 * listener and then each status to another. Used by one thread.
 */
public final class JobWatcher {
    private final CoordinatorClient client;

    public JobWatcher(CoordinatorClient client) {
        this.client = client;
    }

    /**
     * @param jobId    the job
     * @param onStatus called with every status read (for live progress)
     * @param onRound  called once per finished round, in order
     * @return the final status (SUCCEEDED, FAILED or CANCELLED)
     */
    public JobStatus follow(String jobId, Consumer<JobStatus> onStatus, Consumer<RoundStat> onRound)
            throws TException {
        int reported = 0;
        while (true) {
            JobStatus s = client.awaitStatus(jobId);
            // rounds first: a view then ends the finished round's display before it draws the next one
            List<RoundStat> rounds = s.getRounds_done();
            for (; reported < rounds.size(); reported++) {
                onRound.accept(rounds.get(reported));
            }
            onStatus.accept(s);
            if (s.getState() != JobState.RUNNING) {
                return s;
            }
        }
    }
}
