package mlptrainer.model;

import mlptrainer.data.Dataset;

/**
 * What a compute node calls to run one task: the course algorithm for optimizer gd (the empty
 * settings), the mini-batch trainer otherwise. Input standardisation is not applied here: the
 * caller passes the shard already transformed by {@link FeatureStandardizer#apply}.
 *
 * <p>Not thread-safe (it keeps both trainers' workspaces); use one instance per worker thread.
 */
public final class LocalTrainer {
    private final CourseTrainer course = new CourseTrainer();
    private final MiniBatchTrainer miniBatch = new MiniBatchTrainer();

    /**
     * The shuffle seed of one task, for coordinators to derive the same way: a fixed mix
     * (SplittableRandom's mix64) of the job's seed, the round and the shard number, so that the
     * result depends on which shard in which round, never on which node runs it or when.
     *
     * @param round 0-based round
     * @param shard 0-based shard index in the job's shard order
     */
    public static long shuffleSeed(long jobSeed, int round, int shard) {
        long z = jobSeed + 0x9E3779B97F4A7C15L * (((long) round << 32) + shard + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * @param shard       the rows to train on; read only
     * @param initial     the task's starting weights; read only
     * @param eta         the task's learning rate (after the round's schedule), finite and > 0
     * @param epochs      the most epochs to run (gd may stop earlier when early stop is on)
     * @param settings    the training settings of the job
     * @param shuffleSeed seeds the mini-batch order (ignored by gd, which takes the shard in file order);
     *                    the coordinator derives it from (job seed, round, shard)
     * @return the trained weights (new), epochs run, error rate and course loss on the shard
     * @throws IllegalArgumentException on a mismatched shard, non-finite input or bad eta/epochs
     */
    public TaskOutcome train(Dataset shard, MlpWeights initial, double eta, int epochs,
                             TrainingSettings settings, long shuffleSeed) {
        return train(shard, initial, eta, epochs, settings, shuffleSeed, StopSignal.NEVER);
    }

    /**
     * As {@link #train(Dataset, MlpWeights, double, int, TrainingSettings, long)}, polling
     * {@code stop} between epochs (and every few mini-batches); the weights of a training that is
     * not stopped are the same, bit for bit.
     *
     * @throws TrainingStoppedException when {@code stop} asked to stop, with the epochs completed
     */
    public TaskOutcome train(Dataset shard, MlpWeights initial, double eta, int epochs,
                             TrainingSettings settings, long shuffleSeed, StopSignal stop) {
        if (settings.isCourse()) {
            return course.train(shard, initial, eta, epochs, settings.earlyStop(), settings.mu(), stop);
        }
        return miniBatch.train(shard, initial, eta, epochs, settings, shuffleSeed, stop);
    }
}
