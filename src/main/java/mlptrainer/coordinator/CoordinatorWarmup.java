package mlptrainer.coordinator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import mlptrainer.Warmup;
import mlptrainer.data.DataRoot;
import mlptrainer.data.DatasetCache;
import mlptrainer.data.ScratchDirectory;
import mlptrainer.data.ShardFiles;
import mlptrainer.data.SyntheticData;
import mlptrainer.model.Evaluator;
import mlptrainer.model.LocalTrainer;
import mlptrainer.model.MlpWeights;
import mlptrainer.rpc.RpcLimits;
import mlptrainer.rpc.StandInNode;
import mlptrainer.rpc.TaskCodec;

/**
 * Gets a fresh coordinator's code compiled before the first job needs it: that job paid for cold
 * set-up (reading, parsing and hashing the data), wire conversion and (de)serialisation of every
 * task, aggregation, validation (3500 rows) and checkpointing. Once the coordinator listens a
 * low-priority daemon thread writes a synthetic data directory (11 shards of 1500 rows, 3500
 * validation rows; d 16, h 24, k 26) to a temporary directory and runs {@link #ROUNDS} rounds on
 * it through the same code as a job, with its own shard cache and checkpoint directory; the tasks
 * go over a loopback connection to a stand-in node ({@link StandInNode}) that returns fixed
 * deltas; then it waits for the JIT to finish compiling what that made hot. Nothing is shared with
 * the coordinator's jobs, so no result changes; the directory is deleted after and nothing is
 * kept. When a real job starts meanwhile the warm-up stops before its next round: from then on it
 * would only compete with the job for the CPU. Ends with the line "warm-up: done in N ms (...)",
 * saying what it did.
 */
public final class CoordinatorWarmup {
    static final int SHARDS = 11;
    static final int ROWS = 1500;
    static final int VALIDATION_ROWS = 3500;
    static final int FEATURES = 16;
    static final int HIDDEN = 24;
    static final int CLASSES = 26;
    /** Rounds run: 14,000 validation rows evaluated and 44 tasks sent and answered. */
    static final int ROUNDS = 4;
    private static final double ETA = 1e-4;
    /** The longest wait for the JIT to finish compiling what the warm-up made hot. */
    private static final long MAX_QUIET_MS = 10_000;
    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private CoordinatorWarmup() {
    }

    /**
     * Starts the warm-up on a low-priority daemon thread, once per JVM; returns at once.
     *
     * @param limits the coordinator's message bounds, whose protocol its links to nodes use
     * @param stop   asked between rounds; true ends the warm-up (a real job started)
     * @param then   run after the warm-up unless a job started (connecting to the nodes); its
     *               text joins the warm-up's log line
     */
    public static void startInBackground(RpcLimits limits, BooleanSupplier stop, Supplier<String> then) {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Warmup.startOnce(STARTED, "coordinator-warmup", () -> {
            String done = run(tmp, limits, stop);
            return stop.getAsBoolean() ? done : done + "; " + then.get();
        });
    }

    /**
     * Runs the warm-up on the calling thread, its files in a new directory under {@code parent}
     * that is deleted before returning.
     *
     * @return what it did, for the log
     * @throws Exception when a step fails (the background thread logs it; tests see it)
     */
    static String run(Path parent, RpcLimits limits, BooleanSupplier stop) throws Exception {
        int rounds;
        try (ScratchDirectory scratch = ScratchDirectory.create(parent, "mlp-warmup-coordinator-")) {
            Path dir = scratch.path();
            writeData(dir);
            rounds = runJob(dir, limits, stop);
        }
        long quiet = Warmup.awaitQuiet(stop, MAX_QUIET_MS);
        return rounds + " of " + ROUNDS + " rounds of " + SHARDS + " tasks on synthetic data, then " + quiet
                + " ms for the JIT to finish" + (stop.getAsBoolean() ? "; stopped: a real job started" : "");
    }

    private static void writeData(Path dir) throws IOException {
        for (int s = 1; s <= SHARDS; s++) {
            Files.write(dir.resolve("train_letters" + s + ".txt"), SyntheticData.csv(ROWS, FEATURES, CLASSES, s));
        }
        Files.write(dir.resolve(ShardFiles.VALIDATION_FILE), SyntheticData.csv(VALIDATION_ROWS, FEATURES, CLASSES, 0));
    }

    /** What {@link TrainingJob} does with a job, minus the scheduling over real nodes; returns the rounds run. */
    private static int runJob(Path dir, RpcLimits limits, BooleanSupplier stop) throws Exception {
        DataRoot root = new DataRoot(dir);
        JobSpec spec = JobSpec.course(dir.toString(), ROUNDS, 1, HIDDEN, CLASSES, ETA);
        JobData data = JobData.load(spec, root, new DatasetCache(root, SHARDS + 1));
        MlpWeights deltas = MlpWeights.initUniform(FEATURES, HIDDEN, CLASSES, 2);
        try (StandInNode node = StandInNode.start("coordinator-warmup", deltas, limits)) {
            return runRounds(spec, data, new CheckpointStore(dir.resolve("checkpoints")), node, stop);
        }
    }

    private static int runRounds(JobSpec spec, JobData data, CheckpointStore checkpoints,
            StandInNode node, BooleanSupplier stop) throws Exception {
        MlpWeights weights = data.settings().init().create(data.features(), HIDDEN, CLASSES, TrainingJob.INIT_SEED);
        List<RoundResult> stats = new ArrayList<>();
        int round = 0;
        while (round < ROUNDS && !stop.getAsBoolean()) {
            round++;
            weights = Aggregator.applyMean(weights, runRound(data, spec, weights, round, node));
            double error = Evaluator.errorRate(data.validationInput(), weights);
            stats.add(new RoundResult(round, error, error, 1, SHARDS));
            checkpoints.save("warmup", new Checkpoint(spec, data.hash(), round, weights, weights, round, error,
                    List.copyOf(stats)));
        }
        return round;
    }

    private static List<MlpWeights> runRound(JobData data, JobSpec spec, MlpWeights weights, int round,
            StandInNode node) throws Exception {
        TaskCodec.RoundWeights start = TaskCodec.RoundWeights.of(weights);
        List<MlpWeights> deltas = new ArrayList<>();
        for (int s = 0; s < data.shards().size(); s++) {
            JobData.ShardRef shard = data.shards().get(s);
            TaskCodec.Task task = new TaskCodec.Task(shard.path(), shard.sha256(), start, spec.k(), spec.eta(),
                    spec.epochs(), 1, LocalTrainer.shuffleSeed(TrainingJob.INIT_SEED, round, s), null, null, Map.of(),
                    "warm-up round " + round + " shard " + (s + 1), null, 0);
            deltas.add(node.run(task).deltas());
        }
        return deltas;
    }
}
