package mlptrainer.coordinator;

import mlptrainer.data.DataException;
import mlptrainer.rpc.gen.TaskRequest;

/**
 * One shard's task in one round, in wire form once, shared by every attempt of it.
 *
 * @param shard        the shard's position in shard order (0-based)
 * @param inputs       the weights' input features d (the wire forms carry only h and k)
 * @param trainingFile the path sent to nodes ("dir/train_letters3.txt")
 * @param request       the request for nodes that speak run_task, with the weights as lists (the
 *                      original's form); never mutated after creation
 * @param packedRequest the same request with the weights packed instead (TaskRequest.initial_packed),
 *                      for nodes that read that form; never mutated after creation
 * @param needsCurrent  true when the task uses something only run_task carries (settings, tokens)
 * @param shardBytes    reads the shard's contents, shipped when a node lacks this version
 * @param deltaLimits   what the screen checks an honest result's deltas against ({@link DeltaBound})
 */
record TaskPlan(int shard, int inputs, String trainingFile, TaskRequest request, TaskRequest packedRequest,
        boolean needsCurrent, BytesSource shardBytes, DeltaBound.TaskLimits deltaLimits) {
    /** Reads a shard's bytes in the job's version. */
    interface BytesSource {
        byte[] read() throws DataException;
    }

    /** @return the request with the weights packed or as lists */
    TaskRequest request(boolean packed) {
        return packed ? packedRequest : request;
    }

    /** @return that request with the shard's bytes attached (a copy; the plan's requests are shared) */
    TaskRequest withBytes(boolean packed) throws DataException {
        TaskRequest copy = new TaskRequest(request(packed));
        copy.setShard_bytes(shardBytes.read());
        return copy;
    }
}
