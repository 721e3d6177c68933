package mlptrainer.coordinator;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import mlptrainer.data.DataException;
import mlptrainer.data.Dataset;
import mlptrainer.data.ShardFiles;
import mlptrainer.model.Evaluator;
import mlptrainer.model.MlpWeights;
import mlptrainer.rpc.WireWeights;
import mlptrainer.rpc.gen.RoundStat;
import mlptrainer.rpc.gen.TaskRequest;
import mlptrainer.rpc.gen.Weights;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The round loop of one job: reads and checks the data, initialises the model, then for each
 * round fans the shards out ({@link RoundRunner}), averages the deltas ({@link Aggregator}) and
 * measures the validation error. Runs on the job's own thread.
 */
final class TrainingJob {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingJob.class);
    /** Seeds the initial weights, so every run of a request starts from the same model. */
    static final long INIT_SEED = 0L;
    private final JobRun run;
    private final CoordinatorContext ctx;
    private final JobData data;

    TrainingJob(JobRun run, CoordinatorContext ctx, JobData data) {
        this.run = run;
        this.ctx = ctx;
        this.data = data;
    }

    /** The data a job trains on, checked once at the start. */
    record JobData(List<String> shardPaths, List<Dataset> shards, Dataset validation) {
        int features() {
            return shards.get(0).features();
        }
    }

    /** @return the final validation error */
    double call() throws JobFailedException, InterruptedException {
        JobSpec spec = run.spec();
        LOG.info("job {}: {}; {} shards, {} validation rows, d={}", run.id(), spec, data.shards().size(),
                data.validation().rows(), data.features());
        MlpWeights weights = MlpWeights.initUniform(data.features(), spec.h(), spec.k(), INIT_SEED);
        RoundRunner runner = ctx.roundRunner();
        double error = Double.NaN;
        for (int round = 1; round <= spec.rounds(); round++) {
            long start = System.nanoTime();
            String label = "round " + round + "/" + spec.rounds();
            List<AttemptResult> results = runner.run(label, plans(spec, data, weights, round), run.progress(),
                    run::cancelRequested);
            weights = Aggregator.applyMean(weights, deltas(results));
            error = Evaluator.errorRate(data.validation(), weights);
            finishRound(round, label, results, error, start, weights);
        }
        return error;
    }

    private void finishRound(int round, String label, List<AttemptResult> results, double error, long start,
            MlpWeights weights) {
        double meanTraining = results.stream().mapToDouble(AttemptResult::trainingError).average().orElse(0);
        int epochs = results.stream().mapToInt(AttemptResult::epochsRun).sum();
        long ms = (System.nanoTime() - start) / 1_000_000L;
        run.progress().roundFinished(new RoundStat(round, error, meanTraining, ms, epochs));
        JobRun.TrainedModel previous = run.model();
        boolean best = previous == null || error < previous.bestError();
        run.modelUpdated(new JobRun.TrainedModel(weights, best ? weights : previous.best(),
                best ? round : previous.bestRound(), best ? error : previous.bestError(), null, null));
        LOG.info("{}: validation error {}, mean training error {}, {} ms", label, String.format("%.4f", error),
                String.format("%.4f", meanTraining), ms);
    }

    private static List<MlpWeights> deltas(List<AttemptResult> results) {
        List<MlpWeights> out = new ArrayList<>(results.size());
        results.forEach(r -> out.add(r.deltas()));
        return out;
    }

    private List<TaskPlan> plans(JobSpec spec, JobData data, MlpWeights weights, int round) {
        // one conversion to the wire form per round: every task of the round starts from these weights
        Weights wire = WireWeights.toWire(weights);
        List<TaskPlan> plans = new ArrayList<>();
        for (int s = 0; s < data.shardPaths().size(); s++) {
            String path = data.shardPaths().get(s);
            TaskRequest r = new TaskRequest(path, wire, spec.k(), spec.h(), spec.eta(), spec.epochs(),
                    ctx.policy().number());
            r.setLabel("job " + run.id() + " round " + round + "/" + spec.rounds() + " shard " + (s + 1));
            if (!spec.settings().isEmpty()) {
                r.setSettings(new HashMap<>(spec.settings()));
            }
            plans.add(new TaskPlan(s, path, r, !spec.settings().isEmpty()));
        }
        return plans;
    }

    /** Reads and checks the job's data (cached by the coordinator while the files are unchanged). */
    static JobData loadData(JobSpec spec, CoordinatorContext ctx) throws DataException {
        Path dir = ctx.dataRoot().resolve(spec.dir());
        List<String> paths = new ArrayList<>();
        List<Dataset> shards = new ArrayList<>();
        for (String f : ShardFiles.trainingFiles(dir, spec.dir())) {
            String path = spec.dir() + "/" + f;
            paths.add(path);
            shards.add(ctx.datasets().load(path, spec.k()));
        }
        checkSameFeatures(shards);
        Dataset validation = ctx.datasets().load(spec.dir() + "/" + ShardFiles.VALIDATION_FILE, spec.k());
        if (validation.features() != shards.get(0).features()) {
            throw new DataException(validation.source() + " has " + validation.features()
                    + " features, the training shards " + shards.get(0).features());
        }
        return new JobData(paths, shards, validation);
    }

    private static void checkSameFeatures(List<Dataset> shards) throws DataException {
        for (Dataset s : shards) {
            if (s.features() != shards.get(0).features()) {
                throw new DataException(s.source() + " has " + s.features() + " features, "
                        + shards.get(0).source() + " has " + shards.get(0).features());
            }
        }
    }
}
