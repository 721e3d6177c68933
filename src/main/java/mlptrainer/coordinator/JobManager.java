package mlptrainer.coordinator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
    /**
     * The heap one task attempt takes while its trace is built, estimated: about 1 KB of JSON tree
     * nodes (two objects of up to 8 fields), some 250 bytes of text and as much again in its UTF-8
     * copy on the wire, and the writer's buffers; rounded up.
     */
    private static final long TRACE_HEAP_BYTES_PER_ATTEMPT = 2048;
    private final CoordinatorContext ctx;
    private final Map<String, JobRun> jobs = new ConcurrentHashMap<>();
    private final AtomicInteger nextId = new AtomicInteger(1);
    private final ExecutorService jobThreads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "job");
        t.setDaemon(true);
        return t;
    });

    private final boolean allowFaultInjection;

    JobManager(CoordinatorContext ctx) {
        this(ctx, false);
    }

    /** @param allowFaultInjection whether jobs may ask for {@link FaultInjection} */
    JobManager(CoordinatorContext ctx, boolean allowFaultInjection) {
        this.ctx = ctx;
        this.allowFaultInjection = allowFaultInjection;
        // new jobs take ids above those of the kept checkpoints, so that a job never overwrites another's
        if (ctx.checkpoints() != null) {
            nextId.set(ctx.checkpoints().highestJobId() + 1);
        }
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
        FaultInjection.refuseUnlessAllowed(spec.settings(), allowFaultInjection);
        DataSizes sizes = admitBeforeReading(spec);
        // read and check the data and settings before accepting, so a bad directory, file or setting is the
        // caller's error at once
        JobData data = JobData.load(spec, ctx);
        FaultInjection.of(spec.settings(), data.shards().size());
        CheckpointStore.Found resumeFrom = resumePoint(spec, data);
        JobMemory need = JobMemory.estimate(spec, data.features(), data.shards().size(), nodeSlots(),
                dataBytes(spec, sizes));
        MemoryBudget.Reservation reservation = ctx.memory().reserve(need.total(), need.need(spec),
                "use a smaller h or a larger -Xmx");
        String id = resumeFrom != null && resumeFrom.jobId() != null ? resumeFrom.jobId()
                : String.valueOf(nextId.getAndIncrement());
        JobRun run = new JobRun(id, spec, data.manifest(), ended -> jobEnded(ended, reservation));
        if (resumeFrom != null) {
            resumeAs(run, resumeFrom);
        }
        jobs.put(id, run);
        forgetOldJobs();
        LOG.debug("job {}: {}", id, need.need(spec));
        try {
            Checkpoint checkpoint = resumeFrom == null ? null : resumeFrom.checkpoint();
            jobThreads.execute(() -> execute(run, data, checkpoint));
        } catch (RejectedExecutionException e) {
            run.failed("the coordinator is shutting down", true); // ends the run: its memory is released
            throw new IllegalStateException("the coordinator is shutting down", e);
        }
        return run;
    }

    /**
     * A resumed job takes the id of the job whose checkpoint it continues (that job's record and
     * kept model make way for it), and shows the checkpoint's rounds before its id is returned, so
     * that the first status already says where it resumed.
     */
    private void resumeAs(JobRun run, CheckpointStore.Found found) {
        Checkpoint c = found.checkpoint();
        if (found.jobId() == null) {
            try {
                ctx.checkpoints().adopt(found, run.id());
            } catch (IOException e) {
                LOG.warn("job {}: the checkpoint it resumes stays under its old name: {}", run.id(), e.toString());
            }
        }
        ctx.models().forget(run.id());
        c.rounds().forEach(run.progress()::roundFinished);
        String resumed = found.jobId() == null ? "the checkpoint an earlier version left for "
                + Untrusted.shown(run.spec().dir()) : "job " + run.id();
        LOG.info("job {}: resuming {} after round {}/{}", run.id(), resumed, c.roundsDone(), run.spec().rounds());
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

    /**
     * @return the job's task attempts so far as Chrome trace JSON ({@link ChromeTrace}), at most
     *         {@link SizeLimits#MAX_TRACE_BYTES} of UTF-8: a longer trace keeps its first attempts
     *         and its process name says how many of all it shows
     * @throws IllegalArgumentException when building it does not fit the heap running jobs leave
     */
    public String trace(JobRun run) {
        return trace(run, SizeLimits.MAX_TRACE_BYTES);
    }

    /** As {@link #trace(JobRun)}, at most {@code maxBytes} long. */
    String trace(JobRun run, long maxBytes) {
        List<TaskAttempt> attempts = run.progress().attempts();
        long need = TRACE_HEAP_BYTES_PER_ATTEMPT * attempts.size();
        ctx.memory().check(need, "job " + run.id() + "'s trace of " + attempts.size() + " task attempts needs about "
                + SizeLimits.mb(need), "a larger -Xmx sends it at any time");
        String json = ChromeTrace.json(run.id(), attempts);
        for (int kept = attempts.size() / 2; utf8Length(json) > maxBytes; kept /= 2) {
            json = ChromeTrace.json(run.id() + " (its first " + kept + " of " + attempts.size() + " task attempts)",
                    attempts.subList(0, kept));
            LOG.info("job {}: trace: its first {} of {} task attempts fit a reply", run.id(), kept, attempts.size());
        }
        return json;
    }

    private static long utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** @return whether a job has been started since the start (the start-up warm-up stops then) */
    public boolean anyJobStarted() {
        return !jobs.isEmpty();
    }

    /**
     * @return the checkpoint to resume from, or null when none was asked or there is none
     * @throws IllegalArgumentException when the job that wrote it is still running
     */
    private CheckpointStore.Found resumePoint(JobSpec spec, JobData data) throws DataException {
        if (!spec.resume()) {
            return null;
        }
        if (ctx.checkpoints() == null) {
            throw new DataException("resume asked, but this coordinator keeps no checkpoints (start it with "
                    + "--checkpoint-dir)");
        }
        CheckpointStore.Found found = ctx.checkpoints().loadMatching(spec, data.hash());
        JobRun writer = found == null ? null : jobs.get(found.jobId());
        if (writer != null && writer.state() == RunState.RUNNING) {
            throw new IllegalArgumentException("job " + writer.id() + " is still running this request; follow it "
                    + "with 'client attach HOST PORT " + writer.id() + "' or cancel it before resuming");
        }
        return found;
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
