package mlptrainer.coordinator;

import java.util.List;
import mlptrainer.rpc.gen.JobStatus;

/**
 * What the coordinator's HTTP dashboard may read: its nodes, its jobs, a job's status in the form
 * {@code job_status} returns it, and a job's trained model. Read-only: nothing here changes a job or
 * a node, and nothing blocks on a job's progress except through {@link JobProgress#awaitChange}.
 * Thread-safe, as the parts it reads.
 */
public final class CoordinatorView {
    private final JobManager jobs;
    private final int thriftPort;

    CoordinatorView(JobManager jobs, int thriftPort) {
        this.jobs = jobs;
        this.thriftPort = thriftPort;
    }

    /** @return the port of the coordinator's Thrift service */
    public int thriftPort() {
        return thriftPort;
    }

    /** Thrown when a job's model cannot be had; the message says why, for the user. */
    public static final class ModelUnavailableException extends Exception {
        ModelUnavailableException(String message) {
            super(message);
        }
    }

    /** @return every node, listed or joined, in registry order */
    public List<NodeView> nodes() {
        return jobs.registry().views(System.nanoTime());
    }

    /** @return every job kept, oldest first */
    public List<JobRun> jobs() {
        return jobs.all();
    }

    /** @return the job, or null when no job has this id */
    public JobRun job(String id) {
        return jobs.get(id);
    }

    /** @return the job's status as {@code job_status} sends it (its own counts per node) */
    public JobStatus status(JobRun run) {
        return WireStatus.of(run, jobs.registry());
    }

    /**
     * @return the job's model: the last completed round's weights and the best round's
     * @throws ModelUnavailableException when no round has ended or the model is no longer kept
     */
    public JobRun.TrainedModel model(JobRun run) throws ModelUnavailableException {
        try {
            JobRun.TrainedModel m = jobs.model(run);
            if (m == null || !m.hasWeights()) {
                throw new ModelUnavailableException("job " + run.id() + " has no model yet: no round has ended");
            }
            return m;
        } catch (FinishedModels.ModelGoneException e) {
            throw new ModelUnavailableException(e.getMessage());
        }
    }

    /** @return the job's task attempts as Chrome trace JSON ({@link ChromeTrace}) */
    public String trace(JobRun run) {
        return ChromeTrace.json(run.id(), run.progress().attempts());
    }
}
