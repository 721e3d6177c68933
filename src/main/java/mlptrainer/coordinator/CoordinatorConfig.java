package mlptrainer.coordinator;

import java.nio.file.Path;
import java.util.List;
import mlptrainer.data.DataRoot;

/**
 * How a coordinator runs.
 *
 * @param policy     the scheduling policy number (1 random, 2 load-balancing, 3 round-robin)
 * @param nodes      the nodes of the node list, in order (more may join)
 * @param dataRoot   where data directories are resolved; paths may not leave it
 * @param scheduler  timeouts and retry bounds
 * @param maxHidden  the largest h a request may ask for
 * @param leaseMs    how long a joined node stays listed after its last heartbeat, in milliseconds
 * @param seed       seeds the random policies
 * @param checkpointDir where a checkpoint is written after every round, or null for none
 */
public record CoordinatorConfig(int policy, List<NodeAddress> nodes, DataRoot dataRoot, SchedulerOptions scheduler,
        int maxHidden, long leaseMs, long seed, Path checkpointDir) {
    public CoordinatorConfig {
        nodes = List.copyOf(nodes);
        SchedulingPolicy.of(policy, 0);
    }

    /** Without checkpoints. */
    public CoordinatorConfig(int policy, List<NodeAddress> nodes, DataRoot dataRoot, SchedulerOptions scheduler,
            int maxHidden, long leaseMs, long seed) {
        this(policy, nodes, dataRoot, scheduler, maxHidden, leaseMs, seed, null);
    }

    public static CoordinatorConfig defaults(int policy, List<NodeAddress> nodes) {
        return new CoordinatorConfig(policy, nodes, DataRoot.workingDirectory(), SchedulerOptions.DEFAULTS,
                mlptrainer.rpc.RpcLimits.DEFAULT_MAX_H, 15_000, System.nanoTime(), null);
    }

    public CoordinatorConfig withScheduler(SchedulerOptions s) {
        return new CoordinatorConfig(policy, nodes, dataRoot, s, maxHidden, leaseMs, seed, checkpointDir);
    }


    public CoordinatorConfig withDataRoot(DataRoot root) {
        return new CoordinatorConfig(policy, nodes, root, scheduler, maxHidden, leaseMs, seed, checkpointDir);
    }
}
