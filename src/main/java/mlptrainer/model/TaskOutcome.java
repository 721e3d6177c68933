package mlptrainer.model;

/**
 * What one training task produced on one shard.
 *
 * @param weights       the trained weights (a new object; the task's initial weights are untouched)
 * @param epochsRun     full passes over the shard actually run (fewer than asked when the course
 *                      early-stop rule fired)
 * @param trainingError error rate in [0, 1] of {@code weights} on the shard (argmax of the softmax,
 *                      ties to the lowest class index as numpy's argmax)
 * @param loss          the course loss of {@code weights} on the whole shard,
 *                      -sum(log(y[label] + 1e-6)) (a sum over rows, not a mean, whatever the optimiser)
 */
public record TaskOutcome(MlpWeights weights, int epochsRun, double trainingError, double loss) {
}
