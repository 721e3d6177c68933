package mlptrainer.coordinator;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import mlptrainer.Decimals;
import mlptrainer.model.Evaluator;
import mlptrainer.model.FeatureStandardizer;
import mlptrainer.model.MlpWeights;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The round loop of one job, on data read and checked before it ({@link JobData}): initialises
 * the model (or restores it from a checkpoint), then for each round asks its
 * {@link TrainingStrategy} for the round's tasks, runs them on the nodes ({@link RoundRunner}),
 * hands their results back to the strategy for the next model and measures the validation error.
 * Runs on the job's own thread; each round's validation, checkpoint and publication run on a
 * second thread of the job, one round at a time and in order, while the next round trains. Whatever either thread throws, an OutOfMemoryError included,
 * ends the job as a {@link JobFailedException} that says in which round.
 */
final class TrainingJob {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingJob.class);
    /** Seeds the initial weights, so every run of a request starts from the same model. */
    static final long INIT_SEED = 0L;
    private final JobRun run;
    private final CoordinatorContext ctx;
    private final JobData data;
    private final Checkpoint resumeFrom;
    private final TrainingStrategy strategy;

    /** @param resumeFrom a checkpoint of this request on this data to continue from, or null */
    TrainingJob(JobRun run, CoordinatorContext ctx, JobData data, Checkpoint resumeFrom) {
        this(run, ctx, data, resumeFrom,
                TrainingStrategy.forJob(new RoundPlanner(run.id(), run.spec(), data, ctx)));
    }

    /** As above, training with this strategy instead of the one the job would choose. */
    TrainingJob(JobRun run, CoordinatorContext ctx, JobData data, Checkpoint resumeFrom, TrainingStrategy strategy) {
        this.run = run;
        this.ctx = ctx;
        this.data = data;
        this.resumeFrom = resumeFrom;
        this.strategy = strategy;
    }

    /**
     * @return the final validation error
     * @throws JobFailedException when the job cannot finish, was cancelled, or an Error or unexpected
     *                            exception ended it (then its cause, and the message names the round)
     */
    double call() throws JobFailedException, InterruptedException {
        JobSpec spec = run.spec();
        LOG.info("job {}: {}; {} shards, {} validation rows, d={}", run.id(), spec, data.shards().size(),
                data.validationInput().rows(), data.features());
        MlpWeights weights = resumeFrom == null
                ? data.settings().init().create(data.features(), spec.h(), spec.k(), INIT_SEED)
                : restore(resumeFrom);
        FaultInjection faults = FaultInjection.of(spec.settings(), data.shards().size());
        if (faults != FaultInjection.NONE) {
            LOG.warn("job {}: fault injection: {}", run.id(), faults);
        }
        RoundRunner runner = ctx.roundRunner().injecting(faults);
        double error = resumeFrom == null || resumeFrom.rounds().isEmpty() ? Double.NaN
                : resumeFrom.rounds().get(resumeFrom.rounds().size() - 1).validationError();
        ExecutorService publisher = Executors.newSingleThreadExecutor(
                CoordinatorServer.daemonThreads("job-" + run.id() + "-rounds"));
        Future<Double> published = CompletableFuture.completedFuture(error);
        String phase = "the job's start";
        try {
            for (int round = firstRound(); round <= spec.rounds(); round++) {
                long start = System.nanoTime();
                String label = "round " + round + "/" + spec.rounds();
                phase = label;
                List<AttemptResult> results = runner.run(label, round, strategy.configureRound(round, weights),
                        run.progress(), run.nodeCounters(), this::cancelRequested);
                weights = strategy.aggregate(round, weights, results);
                awaitPublished(published); // rounds are published in order
                published = publisher.submit(validateAndPublish(round, label, results, start,
                        strategy.published(round, weights)));
            }
            phase = "the last round's publication";
            return awaitPublished(published);
        } catch (RuntimeException | Error e) {
            throw new JobFailedException(Failures.describe(e, phase), e);
        } finally {
            settle(published, publisher);
        }
    }

    /**
     * The next round needs only the new weights, so the round just trained is validated,
     * checkpointed and published on the job's publisher thread while the next one's tasks run:
     * otherwise they would be most of the gap between two rounds.
     */
    private Callable<Double> validateAndPublish(int round, String label, List<AttemptResult> results, long start,
            MlpWeights weights) {
        return () -> {
            try {
                double error = Evaluator.errorRate(data.validationInput(), weights);
                finishRound(round, label, results, error, start, weights);
                return error;
            } catch (RuntimeException | Error e) {
                throw new JobFailedException(Failures.describe(e, label + "'s validation"), e);
            }
        };
    }

    /** Polled by the round loop on the job's thread. */
    private boolean cancelRequested() {
        ctx.client().faults.inRoundLoop.run();
        return run.cancelRequested();
    }

    /** @return the round's validation error, once it is published; its failure is the job's */
    private static double awaitPublished(Future<Double> published) throws JobFailedException, InterruptedException {
        try {
            return published.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof JobFailedException f) {
                throw f;
            }
            throw new JobFailedException(Failures.describe(e.getCause(), "publishing a round"), e.getCause());
        }
    }

    /** Lets a pending publication finish (a round that failed or was cancelled leaves the one before published), then stops the thread. */
    private static void settle(Future<Double> published, ExecutorService publisher) {
        try {
            published.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            LOG.debug("round publication failed after the job's own outcome: {}", e.getCause().toString());
        }
        publisher.shutdown();
    }


    private int firstRound() {
        return resumeFrom == null ? 1 : resumeFrom.roundsDone() + 1;
    }

    private MlpWeights restore(Checkpoint c) {
        FeatureStandardizer st = data.standardizer();
        run.modelUpdated(new JobRun.TrainedModel(c.last(), c.best(), c.bestRound(), c.bestError(),
                st == null ? null : st.mean(), st == null ? null : st.scale()));
        return c.last().copy();
    }

    private void saveCheckpoint(int round, RoundResult stat, JobRun.TrainedModel m) {
        if (ctx.checkpoints() == null) {
            return;
        }
        List<RoundResult> rounds = run.progress().rounds();
        rounds.add(stat);
        Checkpoint c = new Checkpoint(run.spec(), data.hash(), round, m.last(), m.best(), m.bestRound(),
                m.bestError(), rounds);
        try {
            ctx.checkpoints().save(run.id(), c);
            ctx.events().checkpointWritten(run.id());
        } catch (IOException e) {
            LOG.warn("job {}: round {}: checkpoint not written: {}", run.id(), round, e.toString());
        }
    }

    /** Writes the checkpoint before publishing the round, so a round reported done can always be resumed. */
    private void finishRound(int round, String label, List<AttemptResult> results, double error, long start,
            MlpWeights weights) {
        double meanTraining = results.stream().mapToDouble(AttemptResult::trainingError).average().orElse(0);
        int epochs = results.stream().mapToInt(AttemptResult::epochsRun).sum();
        long ms = (System.nanoTime() - start) / 1_000_000L;
        RoundResult stat = new RoundResult(round, error, meanTraining, ms, epochs);
        JobRun.TrainedModel previous = run.model();
        boolean best = previous == null || error < previous.bestError();
        FeatureStandardizer st = data.standardizer();
        JobRun.TrainedModel model = new JobRun.TrainedModel(weights, best ? weights : previous.best(),
                best ? round : previous.bestRound(), best ? error : previous.bestError(),
                st == null ? null : st.mean(), st == null ? null : st.scale());
        saveCheckpoint(round, stat, model);
        run.modelUpdated(model);
        run.progress().roundFinished(stat);
        ctx.events().roundCompleted(run.id(), round);
        LOG.info("{}: validation error {}, mean training error {}, {} ms", label, Decimals.fourPlaces(error),
                Decimals.fourPlaces(meanTraining), ms);
    }
}
