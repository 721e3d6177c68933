package mlptrainer.coordinator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import mlptrainer.Decimals;
import mlptrainer.Untrusted;
import mlptrainer.SizeLimits;
import mlptrainer.data.DataException;
import mlptrainer.data.DataSizes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts jobs, runs each on its own thread and keeps them for status calls. A job goes on when
 * the client that started it disconnects: its result stays readable by id. Thread-safe.
 */
public final class JobManager implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JobManager.class);
    private static final int KEEP_FINISHED = 100;
    private final CoordinatorContext ctx;
    private final Map<String, JobRun> jobs = new ConcurrentHashMap<>();
    private final AtomicInteger nextId = new AtomicInteger(1);
    private final ExecutorService jobThreads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "job");
        t.setDaemon(true);
        return t;
    });

    JobManager(CoordinatorContext ctx) {
        this.ctx = ctx;
    }

    /**
     * Starts a job and returns at once. A k other than {@link JobSpec#K_FROM_DATA} must equal the
     * k of the directory's manifest, when it has one.
     *
     * @throws IllegalArgumentException when the model is larger than this coordinator allows, or k
     *                                  differs from the manifest's
     */
    public JobRun start(JobSpec spec) throws DataException {
        return start(spec, false);
    }

    /**
     * As {@link #start(JobSpec)} for the original's train call, whose clients always send k 26:
     * on a directory with a manifest, the manifest's k is used (and logged when it differs).
     */
    public JobRun startOriginal(JobSpec spec) throws DataException {
        return start(spec, true);
    }

    private synchronized JobRun start(JobSpec request, boolean originalCall) throws DataException {
        JobSpec spec = JobData.resolveClasses(request, ctx.dataRoot(), originalCall);
        if (spec.h() > ctx.maxHidden()) {
            throw new IllegalArgumentException("h must be <= " + ctx.maxHidden()
                    + " (the coordinator's --max-hidden), got " + spec.h());
        }
        refuseSecondJobOnCheckpointedDir(spec);
        DataSizes sizes = admitBeforeReading(spec);
        // read and check the data and settings before accepting, so a bad directory, file or setting is the
        // caller's error at once
        JobData data = JobData.load(spec, ctx);
        Checkpoint resumeFrom = resumePoint(spec, data);
        JobMemory need = JobMemory.estimate(spec, data.features(), data.shards().size(), nodeSlots(),
                dataBytes(spec, sizes));
        MemoryBudget.Reservation reservation = ctx.memory().reserve(need.total(), need.need(spec),
                "use a smaller h or a larger -Xmx");
        String id = String.valueOf(nextId.getAndIncrement());
        JobRun run = new JobRun(id, spec, data.manifest(), ended -> jobEnded(ended, reservation));
        jobs.put(id, run);
        forgetOldJobs();
        LOG.debug("job {}: {}", id, need.need(spec));
        try {
            jobThreads.execute(() -> execute(run, data, resumeFrom));
        } catch (RejectedExecutionException e) {
            run.failed("the coordinator is shutting down", true); // ends the run: its memory is released
            throw new IllegalStateException("the coordinator is shutting down", e);
        }
        return run;
    }

    /**
     * Refuses, before any file is read, a data file too large for the heap jobs may take, then a
     * request that cannot fit even with the smallest d; the full estimate follows once d is known.
     */
    private DataSizes admitBeforeReading(JobSpec spec) throws DataException {
        DataSizes sizes = DataSizes.of(ctx.dataRoot(), spec.dir());
        for (DataSizes.FileSize f : sizes.files()) {
            ctx.memory().check(f.heapBound(), f.name() + " is " + SizeLimits.mb(f.bytes()) + ": reading it may take "
                    + "up to " + SizeLimits.mb(f.heapBound()), "use smaller data files or a larger -Xmx");
        }
        JobMemory least = JobMemory.estimate(spec, 1, sizes.shards(), nodeSlots(), dataBytes(spec, sizes));
        ctx.memory().check(least.total(), least.need(spec), "use a smaller h or a larger -Xmx");
        return sizes;
    }

    /** @return the tasks the known nodes run at once: the most replies a round has in flight */
    private int nodeSlots() {
        return ctx.registry().totalSlots();
    }

    /**
     * A job holds its validation rows; its shards pass through the data cache (its own share of the
     * heap) one at a time, so the largest one being read counts; standardising holds every
     * shard's rows at once (4 bytes a byte of the file at most) and a scaled copy of the validation's.
     */
    private static long dataBytes(JobSpec spec, DataSizes sizes) {
        boolean standardize = "true".equalsIgnoreCase(spec.settings().getOrDefault("standardize", "false"));
        long held = sizes.validationHeapBound() + sizes.largestShardHeapBound();
        return held + (standardize ? 4 * sizes.shardBytes() + 4 * sizes.validationBytes() : 0);
    }

    /** Runs once when a job ends, whatever the outcome: frees its heap and keeps its model within bounds. */
    private void jobEnded(JobRun run, MemoryBudget.Reservation reservation) {
        reservation.release();
        JobRun.TrainedModel m = run.model();
        if (m != null && m.hasWeights()) {
            ctx.models().keep(run.id(), m);
            run.weightsKeptElsewhere();
        }
    }

    /**
     * @return the finished or running job's model (last round's and best round's weights), or null
     *         when no round has ended
     * @throws FinishedModels.ModelGoneException when the job ended and its model is no longer kept
     */
    public JobRun.TrainedModel model(JobRun run) throws FinishedModels.ModelGoneException {
        JobRun.TrainedModel m = run.model();
        if (m != null && !m.hasWeights()) {
            checkDownloadFits(run, m);
            m = ctx.models().get(run.id());
        }
        return m;
    }

    /**
     * A model read back and sent in the original's list form takes, for each of its two sets of
     * weights, the arrays and a boxed Double per value (about 32 bytes a value); refused when that
     * does not fit what running jobs leave, rather than run the heap out.
     */
    private void checkDownloadFits(JobRun run, JobRun.TrainedModel figures) throws FinishedModels.ModelGoneException {
        long values = SizeLimits.weightValues(ctx.models().inputsOf(run.id()), run.spec().h(), run.spec().k());
        long need = 2 * 32 * values;
        try {
            ctx.memory().check(need, "job " + run.id() + "'s model needs about " + SizeLimits.mb(need)
                    + " to be sent", "a larger -Xmx sends it at any time");
        } catch (IllegalArgumentException e) {
            throw new FinishedModels.ModelGoneException(e.getMessage());
        }
    }

    /** @return whether a job has been started since the start (the start-up warm-up stops then) */
    public boolean anyJobStarted() {
        return nextId.get() > 1;
    }

    /**
     * Checkpoints are kept per data directory: two running jobs on one directory would overwrite each other's.
     * Directories are compared by their canonical names, so "letters/" and "letters/../letters" are one.
     */
    private void refuseSecondJobOnCheckpointedDir(JobSpec spec) throws DataException {
        if (ctx.checkpoints() == null) {
            return;
        }
        String dir = ctx.dataRoot().canonicalName(spec.dir());
        for (JobRun other : jobs.values()) {
            if (other.state() == RunState.RUNNING
                    && ctx.checkpoints().canonicalDir(other.spec().dir()).equals(dir)) {
                throw new IllegalArgumentException("job " + other.id() + " is already training on "
                        + Untrusted.shown(other.spec().dir()) + " (the same directory as "
                        + Untrusted.shown(spec.dir()) + ") and checkpoints are kept per directory; "
                        + "wait for it or cancel it");
            }
        }
    }

    private Checkpoint resumePoint(JobSpec spec, JobData data) throws DataException {
        if (!spec.resume()) {
            return null;
        }
        if (ctx.checkpoints() == null) {
            throw new DataException("resume asked, but this coordinator keeps no checkpoints (start it with "
                    + "--checkpoint-dir)");
        }
        return ctx.checkpoints().loadMatching(spec, data.hash());
    }

    /**
     * Runs the job on its thread to its end: whatever is thrown, an OutOfMemoryError included, the
     * job ends (FAILED with a message, or CANCELLED), its round has let go of its node slots, and
     * the thread serves the next job.
     */
    private void execute(JobRun run, JobData data, Checkpoint resumeFrom) {
        Thread.currentThread().setName("job-" + run.id());
        try {
            double error = new TrainingJob(run, ctx, data, resumeFrom).call();
            run.succeeded(error);
            LOG.info("job {}: done in {} ms, final validation error {}", run.id(), run.elapsedMs(),
                    Decimals.fourPlaces(error));
        } catch (JobFailedException e) {
            endFailed(run, e);
        } catch (InterruptedException e) {
            run.failed("coordinator shutting down", true);
        } catch (Throwable e) {
            endFailed(run, new JobFailedException(Failures.describe(e, "job " + run.id()), e));
        }
    }

    /** Ends the job first, then logs: a log line that fails (out of memory again) cannot leave it running. */
    private static void endFailed(JobRun run, JobFailedException e) {
        boolean crashed = e.getCause() != null;
        boolean cancelled = run.cancelRequested() && !crashed;
        run.failed(e.getMessage(), cancelled);
        if (crashed) {
            LOG.error("job {}: failed: {}", run.id(), e.getMessage(), e.getCause());
        } else {
            LOG.warn("job {}: {}: {}", run.id(), cancelled ? "cancelled" : "failed", e.getMessage());
        }
    }

    /** @return the job, or null when no job has this id */
    public JobRun get(String id) {
        return id == null ? null : jobs.get(id);
    }

    /** @return every job kept, oldest first */
    public List<JobRun> all() {
        List<JobRun> out = new ArrayList<>(jobs.values());
        out.sort((a, b) -> Integer.compare(Integer.parseInt(a.id()), Integer.parseInt(b.id())));
        return out;
    }

    private void forgetOldJobs() {
        List<JobRun> all = all();
        for (int i = 0; i < all.size() - KEEP_FINISHED; i++) {
            if (all.get(i).state() != RunState.RUNNING) {
                jobs.remove(all.get(i).id());
                ctx.models().forget(all.get(i).id());
            }
        }
    }

    public NodeRegistry registry() {
        return ctx.registry();
    }

    /** For tests: the coordinator's fault hooks ({@link FaultHooks}). */
    FaultHooks faultHooks() {
        return ctx.client().faults;
    }

    @Override
    public void close() {
        // cancel rather than interrupt: a job stops between steps, never inside a checkpoint write
        jobs.values().forEach(JobRun::cancel);
        jobThreads.shutdown();
    }
}
