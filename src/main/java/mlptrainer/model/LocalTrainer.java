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
        if (settings.isCourse()) {
            return course.train(shard, initial, eta, epochs, settings.earlyStop());
        }
        return miniBatch.train(shard, initial, eta, epochs, settings, shuffleSeed);
    }
}
