package mlptrainer.coordinator;

import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import mlptrainer.data.DatasetManifest;
import mlptrainer.model.MlpWeights;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One job the coordinator accepted: its request, its live progress and, once it ends, its
 * outcome and model. Written by the job's thread, read by status calls. Thread-safe.
 *
 * <p>When the job ends, whatever the outcome, its end hook runs once (the job manager's: it
 * releases the job's memory and hands the model to the finished models' store), and the model's
 * weights are no longer held here: {@link #model()} keeps the best round's figures only.
 */
public final class JobRun {
    private static final Logger LOG = LoggerFactory.getLogger(JobRun.class);
    private final String id;
    private final JobSpec spec;
    private final DatasetManifest dataset;
    private final JobProgress progress = new JobProgress();
    private final JobNodeCounters nodeCounters = new JobNodeCounters();
    private final long startNanos = System.nanoTime();
    private final long startedAtMs = System.currentTimeMillis();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile RunState state = RunState.RUNNING;
    private volatile boolean cancelRequested;
    private volatile long endNanos;
    private volatile double finalError = Double.NaN;
    private volatile String failure;
    private volatile TrainedModel model;
    private Consumer<JobRun> onEnd;

    JobRun(String id, JobSpec spec) {
        this(id, spec, run -> { });
    }

    /** @param onEnd runs once when the job ends, before its end is visible to status calls */
    JobRun(String id, JobSpec spec, Consumer<JobRun> onEnd) {
        this(id, spec, null, onEnd);
    }

    /** @param dataset the data directory's manifest, or null when it has none */
    JobRun(String id, JobSpec spec, DatasetManifest dataset, Consumer<JobRun> onEnd) {
        this.id = id;
        this.spec = spec;
        this.dataset = dataset;
        this.onEnd = onEnd;
    }

    /**
     * The outcome of a finished job: last (and best) weights and what produced them. Once the job
     * has ended, the weights are null here and kept by the finished models' store.
     */
    public record TrainedModel(MlpWeights last, MlpWeights best, int bestRound, double bestError,
            double[] featureMean, double[] featureScale) {
        /** @return the same figures without the weights (kept elsewhere) */
        TrainedModel withoutWeights() {
            return new TrainedModel(null, null, bestRound, bestError, null, null);
        }

        /** @return whether the weights are held here */
        boolean hasWeights() {
            return last != null;
        }
    }

    public String id() {
        return id;
    }

    /** @return the data directory's manifest as the job started, or null when it has none */
    public DatasetManifest dataset() {
        return dataset;
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

    public RunState state() {
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

    /**
     * @return the model so far (after the last completed round), or null before the first round
     *         ends; once the job has ended, its figures without the weights
     */
    public TrainedModel model() {
        return model;
    }

    /** @return when the coordinator accepted the job, in milliseconds since the epoch */
    public long startedAtMs() {
        return startedAtMs;
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
        boolean first = !cancelRequested && state == RunState.RUNNING;
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
        end(RunState.SUCCEEDED);
    }

    void failed(String message, boolean cancelled) {
        failure = message;
        end(cancelled ? RunState.CANCELLED : RunState.FAILED);
    }

    private void end(RunState s) {
        endNanos = System.nanoTime();
        runEndHook();
        state = s;
        finished.countDown();
        progress.touch();
    }

    /** Runs the end hook once; a failing hook must not keep the job from ending. */
    private void runEndHook() {
        Consumer<JobRun> hook;
        synchronized (this) {
            hook = onEnd;
            onEnd = null;
        }
        if (hook == null) {
            return;
        }
        try {
            hook.accept(this);
        } catch (RuntimeException | Error e) {
            // an Error too (out of memory keeping the model): thrown on, it would skip the state change below and,
            // from failed(), leave the job RUNNING for ever
            LOG.warn("job {}: cleaning up after the end failed: {}", id, e.toString());
        }
    }

    /** Lets go of the model's weights, once the finished models' store keeps them; its figures stay. */
    void weightsKeptElsewhere() {
        TrainedModel m = model;
        if (m != null) {
            model = m.withoutWeights();
        }
    }

    public void await() throws InterruptedException {
        finished.await();
    }
}
