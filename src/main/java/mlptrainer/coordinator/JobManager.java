package mlptrainer.coordinator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import mlptrainer.Decimals;
import mlptrainer.data.DataException;
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
     * Starts a job and returns at once.
     *
     * @throws IllegalArgumentException when the model is larger than this coordinator allows
     */
    public synchronized JobRun start(JobSpec spec) throws DataException {
        if (spec.h() > ctx.maxHidden()) {
            throw new IllegalArgumentException("h must be <= " + ctx.maxHidden()
                    + " (the coordinator's --max-hidden), got " + spec.h());
        }
        refuseSecondJobOnCheckpointedDir(spec);
        // read and check the data and settings before accepting, so a bad directory, file or setting is the
        // caller's error at once
        TrainingJob.JobData data = TrainingJob.loadData(spec, ctx);
        Checkpoint resumeFrom = resumePoint(spec, data);
        String id = String.valueOf(nextId.getAndIncrement());
        JobRun run = new JobRun(id, spec);
        jobs.put(id, run);
        forgetOldJobs();
        jobThreads.execute(() -> execute(run, data, resumeFrom));
        return run;
    }

    /** @return whether a job has been started since the start (the start-up warm-up stops then) */
    public boolean anyJobStarted() {
        return nextId.get() > 1;
    }

    /** Checkpoints are kept per data directory: two running jobs on one directory would overwrite each other's. */
    private void refuseSecondJobOnCheckpointedDir(JobSpec spec) {
        if (ctx.checkpoints() == null) {
            return;
        }
        for (JobRun other : jobs.values()) {
            if (other.state() == mlptrainer.rpc.gen.JobState.RUNNING && other.spec().dir().equals(spec.dir())) {
                throw new IllegalArgumentException("job " + other.id() + " is already training on " + spec.dir()
                        + " and checkpoints are kept per directory; wait for it or cancel it");
            }
        }
    }

    private Checkpoint resumePoint(JobSpec spec, TrainingJob.JobData data) throws DataException {
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
    private void execute(JobRun run, TrainingJob.JobData data, Checkpoint resumeFrom) {
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
            if (all.get(i).state() != mlptrainer.rpc.gen.JobState.RUNNING) {
                jobs.remove(all.get(i).id());
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
