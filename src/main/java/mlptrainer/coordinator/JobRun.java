package mlptrainer.coordinator;

import java.util.concurrent.CountDownLatch;
import mlptrainer.model.MlpWeights;
import mlptrainer.rpc.gen.JobState;

/**
 * One job the coordinator accepted: its request, its live progress and, once it ends, its
 * outcome and model. Written by the job's thread, read by status calls. Thread-safe.
 */
public final class JobRun {
    private final String id;
    private final JobSpec spec;
    private final JobProgress progress = new JobProgress();
    private final JobNodeCounters nodeCounters = new JobNodeCounters();
    private final long startNanos = System.nanoTime();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile JobState state = JobState.RUNNING;
    private volatile boolean cancelRequested;
    private volatile long endNanos;
    private volatile double finalError = Double.NaN;
    private volatile String failure;
    private volatile TrainedModel model;

    JobRun(String id, JobSpec spec) {
        this.id = id;
        this.spec = spec;
    }

    /** The outcome of a finished job: last (and best) weights and what produced them. */
    public record TrainedModel(MlpWeights last, MlpWeights best, int bestRound, double bestError,
            double[] featureMean, double[] featureScale) {
    }

    public String id() {
        return id;
    }

    public JobSpec spec() {
        return spec;
    }

    public JobProgress progress() {
        return progress;
    }

    /** @return this job's counts per node (the nodes offered its tasks) */
    JobNodeCounters nodeCounters() {
        return nodeCounters;
    }

    public JobState state() {
        return state;
    }

    /** @return the final validation error (SUCCEEDED), else NaN */
    public double finalError() {
        return finalError;
    }

    /** @return why the job failed, or null */
    public String failure() {
        return failure;
    }

    /** @return the model so far (after the last completed round), or null before the first round ends */
    public TrainedModel model() {
        return model;
    }

    public long elapsedMs() {
        long end = endNanos == 0 ? System.nanoTime() : endNanos;
        return (end - startNanos) / 1_000_000L;
    }

    /**
     * Asks the job to stop; its thread ends it as CANCELLED within a bounded time.
     *
     * @return whether this was the first request while it ran
     */
    synchronized boolean cancel() {
        boolean first = !cancelRequested && state == JobState.RUNNING;
        cancelRequested = true;
        return first;
    }

    boolean cancelRequested() {
        return cancelRequested;
    }

    void modelUpdated(TrainedModel m) {
        this.model = m;
    }

    void succeeded(double error) {
        finalError = error;
        end(JobState.SUCCEEDED);
    }

    void failed(String message, boolean cancelled) {
        failure = message;
        end(cancelled ? JobState.CANCELLED : JobState.FAILED);
    }

    private void end(JobState s) {
        endNanos = System.nanoTime();
        state = s;
        finished.countDown();
        progress.touch();
    }


    public void await() throws InterruptedException {
        finished.await();
    }
}
