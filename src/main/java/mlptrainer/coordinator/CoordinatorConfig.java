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
 * @param checkpointDir where a checkpoint is written after every round, or null for none; finished
 *                   models that do not fit in memory are kept in a directory under it
 * @param heapBytes  the heap the coordinator shares out among its jobs and finished models, in bytes
 *                   (0: the JVM's maximum heap)
 * @param keptModelBytes the heap finished models kept in memory may take, in bytes (0: a sixteenth of the heap)
 * @param allowFaultInjection whether jobs may ask for fault injection ({@link FaultInjection}), for experiments
 */
public record CoordinatorConfig(int policy, List<NodeAddress> nodes, DataRoot dataRoot, SchedulerOptions scheduler,
        int maxHidden, long leaseMs, long seed, Path checkpointDir, long heapBytes, long keptModelBytes,
        boolean allowFaultInjection) {
    public CoordinatorConfig {
        nodes = List.copyOf(nodes);
        SchedulingPolicy.of(policy, 0);
        if (heapBytes < 0 || keptModelBytes < 0) {
            throw new IllegalArgumentException("heapBytes and keptModelBytes must be >= 0");
        }
    }

    /** Without fault injection. */
    public CoordinatorConfig(int policy, List<NodeAddress> nodes, DataRoot dataRoot, SchedulerOptions scheduler,
            int maxHidden, long leaseMs, long seed, Path checkpointDir, long heapBytes, long keptModelBytes) {
        this(policy, nodes, dataRoot, scheduler, maxHidden, leaseMs, seed, checkpointDir, heapBytes, keptModelBytes,
                false);
    }

    /** With the JVM's heap and the default share for finished models. */
    public CoordinatorConfig(int policy, List<NodeAddress> nodes, DataRoot dataRoot, SchedulerOptions scheduler,
            int maxHidden, long leaseMs, long seed, Path checkpointDir) {
        this(policy, nodes, dataRoot, scheduler, maxHidden, leaseMs, seed, checkpointDir, 0, 0);
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
        return new CoordinatorConfig(policy, nodes, dataRoot, s, maxHidden, leaseMs, seed, checkpointDir, heapBytes,
                keptModelBytes, allowFaultInjection);
    }


    public CoordinatorConfig withDataRoot(DataRoot root) {
        return new CoordinatorConfig(policy, nodes, root, scheduler, maxHidden, leaseMs, seed, checkpointDir,
                heapBytes, keptModelBytes, allowFaultInjection);
    }

    /** @return this config with these memory bounds (0: the defaults; see the record's parameters) */
    public CoordinatorConfig withMemory(long heap, long keptModels) {
        return new CoordinatorConfig(policy, nodes, dataRoot, scheduler, maxHidden, leaseMs, seed, checkpointDir, heap,
                keptModels, allowFaultInjection);
    }

    /** @return the checkpoint directory set here, or none */
    public CoordinatorConfig withCheckpointDir(Path dir) {
        return new CoordinatorConfig(policy, nodes, dataRoot, scheduler, maxHidden, leaseMs, seed, dir, heapBytes,
                keptModelBytes, allowFaultInjection);
    }

    /** @return this config with jobs' fault injection allowed or not */
    public CoordinatorConfig withFaultInjection(boolean allow) {
        return new CoordinatorConfig(policy, nodes, dataRoot, scheduler, maxHidden, leaseMs, seed, checkpointDir,
                heapBytes, keptModelBytes, allow);
    }

    /** @return the heap shared out among jobs and finished models, in bytes */
    public long effectiveHeapBytes() {
        return heapBytes > 0 ? heapBytes : Runtime.getRuntime().maxMemory();
    }

    /** @return the heap finished models kept in memory may take, in bytes */
    public long effectiveKeptModelBytes() {
        return keptModelBytes > 0 ? keptModelBytes : effectiveHeapBytes() / 16;
    }
}
