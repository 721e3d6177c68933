package mlptrainer.coordinator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import mlptrainer.Decimals;
import mlptrainer.Untrusted;
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
            if (other.state() == mlptrainer.rpc.gen.JobState.RUNNING
                    && ctx.checkpoints().canonicalDir(other.spec().dir()).equals(dir)) {
                throw new IllegalArgumentException("job " + other.id() + " is already training on "
                        + Untrusted.shown(other.spec().dir()) + " (the same directory as "
                        + Untrusted.shown(spec.dir()) + ") and checkpoints are kept per directory; "
                        + "wait for it or cancel it");
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

    private void execute(JobRun run, TrainingJob.JobData data, Checkpoint resumeFrom) {
        Thread.currentThread().setName("job-" + run.id());
        try {
            double error = new TrainingJob(run, ctx, data, resumeFrom).call();
            run.succeeded(error);
            LOG.info("job {}: done in {} ms, final validation error {}", run.id(), run.elapsedMs(),
                    Decimals.fourPlaces(error));
        } catch (JobFailedException e) {
            run.failed(e.getMessage(), run.cancelRequested());
            LOG.warn("job {}: {}: {}", run.id(), run.cancelRequested() ? "cancelled" : "failed", e.getMessage());
        } catch (InterruptedException e) {
            run.failed("coordinator shutting down", true);
        } catch (RuntimeException e) {
            run.failed("internal error: " + e, false);
            LOG.error("job {}: internal error", run.id(), e);
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

    @Override
    public void close() {
        // cancel rather than interrupt: a job stops between steps, never inside a checkpoint write
        jobs.values().forEach(JobRun::cancel);
        jobThreads.shutdown();
    }
}
