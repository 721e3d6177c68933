package mlptrainer.node;

import mlptrainer.model.MlpWeights;
import mlptrainer.model.TrainingSettings;

/**
 * One training task as the node understands it, whichever RPC brought it.
 *
 * @param trainingFile the shard's path as sent, resolved against the node's data root
 * @param initial      the global weights to start from (the node trains a copy)
 * @param classes      k
 * @param eta          the learning rate
 * @param epochs       the most epochs to run
 * @param policy       the coordinator's scheduling policy (2 lets the node reject)
 * @param settings     training settings beyond the course algorithm
 * @param shuffleSeed  seeds mini-batch shuffling
 * @param featureMean  standardisation means, or null
 * @param featureScale standardisation scales, or null
 * @param shard        where the shard comes from when the coordinator supplies it, or null to read the file
 * @param label        how logs name the task
 * @param cancelKey    the key {@code cancel_tasks} stops it by, or null (it cannot be cancelled)
 * @param budgetMs     the most milliseconds the node spends on it from its arrival, or 0 for no limit
 */
public record TaskSpec(String trainingFile, MlpWeights initial, int classes, double eta, int epochs, int policy,
        TrainingSettings settings, long shuffleSeed, double[] featureMean, double[] featureScale,
        ShardSource shard, String label, String cancelKey, long budgetMs) {

    /** A task that cannot be cancelled and has no work budget (the original's call, the warm-up). */
    public TaskSpec(String trainingFile, MlpWeights initial, int classes, double eta, int epochs, int policy,
            TrainingSettings settings, long shuffleSeed, double[] featureMean, double[] featureScale,
            ShardSource shard, String label) {
        this(trainingFile, initial, classes, eta, epochs, policy, settings, shuffleSeed, featureMean, featureScale,
                shard, label, null, 0);
    }

    /** A shard identified by content (hash and, when shipped, bytes); see issue "run across machines". */
    public record ShardSource(String sha256, byte[] bytes) {
    }
}
