package mlptrainer.coordinator;

import java.util.concurrent.ExecutorService;
import mlptrainer.data.DataRoot;
import mlptrainer.data.DatasetCache;

/**
 * What every job of a coordinator shares: the nodes, the policy, the RPC threads, the bounds and
 * the data, where checkpoints go (null: none), the heap jobs may take and the finished jobs'
 * models. Immutable holder of thread-safe parts.
 */
record CoordinatorContext(NodeRegistry registry, SchedulingPolicy policy, NodeClient client,
        ExecutorService rpcThreads, SchedulerOptions options, DataRoot dataRoot, DatasetCache datasets,
        int maxHidden, CheckpointStore checkpoints, MemoryBudget memory, FinishedModels models) {

    RoundRunner roundRunner() {
        return new RoundRunner(registry, policy, client, rpcThreads, options);
    }

    /** @return the coordinator's observer ({@link CoordinatorEvents#NONE} when nothing observes it) */
    CoordinatorEvents events() {
        return client.events;
    }
}
