package mlptrainer.coordinator;

import mlptrainer.data.DataException;
import mlptrainer.rpc.gen.TaskRequest;

/**
 * One shard's task in one round, in wire form once, shared by every attempt of it.
 *
 * @param shard        the shard's position in shard order (0-based)
 * @param trainingFile the path sent to nodes ("dir/train_letters3.txt")
 * @param request      the request for nodes that speak run_task; never mutated after creation
 * @param needsCurrent true when the task uses something only run_task carries (settings, tokens)
 * @param shardBytes   reads the shard's contents, shipped when a node lacks this version
 */
record TaskPlan(int shard, String trainingFile, TaskRequest request, boolean needsCurrent, BytesSource shardBytes) {
    /** Reads a shard's bytes in the job's version. */
    interface BytesSource {
        byte[] read() throws DataException;
    }

    /** @return the request with the shard's bytes attached (a copy; the plan's request is shared) */
    TaskRequest withBytes() throws DataException {
        TaskRequest copy = new TaskRequest(request);
        copy.setShard_bytes(shardBytes.read());
        return copy;
    }
}
