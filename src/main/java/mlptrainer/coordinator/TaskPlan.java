package mlptrainer.coordinator;

import mlptrainer.data.DataException;
import mlptrainer.rpc.TaskCodec;

/**
 * One shard's task in one round, shared by every attempt of it. Its wire forms are the
 * {@link NodeClient}'s business: the round loop sees the task only.
 *
 * @param shard       the shard's position in shard order (0-based)
 * @param task        what every attempt asks a node to do
 * @param shardBytes  reads the shard's contents, shipped when a node lacks this version
 * @param deltaLimits what the screen checks an honest result's deltas against ({@link DeltaBound})
 */
record TaskPlan(int shard, TaskCodec.Task task, BytesSource shardBytes, DeltaBound.TaskLimits deltaLimits) {
    /** Reads a shard's bytes in the job's version. */
    interface BytesSource {
        byte[] read() throws DataException;
    }

    /** @return the path sent to nodes ("dir/train_letters3.txt") */
    String trainingFile() {
        return task.trainingFile();
    }
}
