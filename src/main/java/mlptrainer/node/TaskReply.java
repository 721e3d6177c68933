package mlptrainer.node;

import mlptrainer.model.MlpWeights;

/**
 * A node's answer to a task.
 *
 * @param accepted      false when the node rejected the task (policy 2); then the rest is unset
 * @param deltas        trained minus initial weights
 * @param trainingError error rate on the shard after training
 * @param loss          training loss after training
 * @param epochsRun     epochs actually run (early stop may end sooner)
 * @param busyMs        time spent, injected load included, in milliseconds
 */
public record TaskReply(boolean accepted, MlpWeights deltas, double trainingError, double loss, int epochsRun,
        long busyMs) {
    public static TaskReply rejected(long busyMs) {
        return new TaskReply(false, null, 0, 0, 0, busyMs);
    }
}
