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
 */
public record TaskSpec(String trainingFile, MlpWeights initial, int classes, double eta, int epochs, int policy,
        TrainingSettings settings, long shuffleSeed, double[] featureMean, double[] featureScale,
        ShardSource shard, String label) {

    /** A shard identified by content (hash and, when shipped, bytes); see issue "run across machines". */
    public record ShardSource(String sha256, byte[] bytes) {
    }
}
