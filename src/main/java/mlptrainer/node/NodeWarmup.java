package mlptrainer.node;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import mlptrainer.Warmup;
import mlptrainer.data.DataRoot;
import mlptrainer.data.Hashing;
import mlptrainer.data.ScratchDirectory;
import mlptrainer.data.SyntheticData;
import mlptrainer.model.KernelWarmup;
import mlptrainer.model.LocalTrainer;
import mlptrainer.model.MlpWeights;
import mlptrainer.rpc.AuthToken;
import mlptrainer.rpc.LoopbackNode;
import mlptrainer.rpc.RpcLimits;
import mlptrainer.rpc.WireWeights;
import mlptrainer.rpc.gen.ComputeNode;
import mlptrainer.rpc.gen.TaskRequest;
import mlptrainer.rpc.gen.TaskResult;

/**
 * Gets a fresh compute node's code compiled before the first real task needs it: otherwise the
 * first job's tasks run several times slower than later ones, paying for cold CSV parsing,
 * hashing, wire conversion and (de)serialisation as well as the cold kernel. Once the node listens
 * a low-priority daemon thread runs {@link KernelWarmup}, then {@link #TASKS} tasks on synthetic
 * shards written to a temporary directory, each through the same path as a real one: a Thrift
 * server and client of its own on a loopback port ({@link LoopbackNode}, a random token),
 * {@link ComputeNodeHandler}, a {@link ComputeNodeService} of its own (its own shard cache, no load
 * injection, tasks logged at DEBUG) and the training; then it waits for the JIT to finish
 * compiling what that made hot. Nothing is shared with the node's service, so no result changes;
 * the directory is deleted after, the port closed and nothing is kept. When a real task arrives
 * meanwhile the warm-up stops at its next step: from then on it would only compete with the task
 * for the CPU. Ends with the line "warm-up: done in N ms (...)", saying what it did.
 */
public final class NodeWarmup {
    /**
     * Tasks run. More is not better: with 40 the first job recompiled much of what the warm-up's
     * tasks had got compiled (about 3 s more JIT time per node, the job 1 s slower).
     */
    static final int TASKS = 12;
    /**
     * Small one-epoch tasks run after those, on a few shards the node keeps parsed: a job of many
     * small shards calls the per-task path (decoding, the cached shard, encoding) hundreds of times
     * a node, and without these it compiles that path during the job.
     */
    static final int SMALL_TASKS = 250;
    static final int SMALL_ROWS = 188;
    /** Every task the warm-up runs when nothing stops it. */
    static final int ALL_TASKS = TASKS + SMALL_TASKS;
    private static final int SMALL_SHARDS = 4;
    static final int ROWS = 1500;
    static final int FEATURES = 16;
    static final int HIDDEN = 24;
    static final int CLASSES = 26;
    /** Epochs per task: the kernel is warmed by KernelWarmup; here only the task path matters. */
    static final int EPOCHS = 2;
    private static final double ETA = 1e-4;
    private static final long SHARD_CACHE_BYTES = 16L << 20;
    /** The longest wait for the JIT to finish compiling what the warm-up made hot. */
    private static final long MAX_QUIET_MS = 10_000;
    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private NodeWarmup() {
    }

    /**
     * Starts the warm-up on a low-priority daemon thread, once per JVM; returns at once.
     *
     * @param limits the node's message bounds, whose protocol the warm-up's messages use
     * @param stop   asked between steps; true ends the warm-up (the node's first real task arrived)
     */
    public static void startInBackground(RpcLimits limits, BooleanSupplier stop) {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Warmup.startOnce(STARTED, "node-warmup", () -> run(tmp, limits, stop));
    }

    /**
     * Runs the warm-up on the calling thread, its files in a new directory under {@code parent}
     * that is deleted before returning.
     *
     * @return what it did, for the log
     * @throws Exception when a step fails (the background thread logs it; tests see it)
     */
    static String run(Path parent, RpcLimits limits, BooleanSupplier stop) throws Exception {
        int epochs = KernelWarmup.runIfNeeded(stop);
        int tasks;
        try (ScratchDirectory scratch = ScratchDirectory.create(parent, "mlp-warmup-node-")) {
            tasks = runTasks(scratch.path(), limits, stop);
        }
        long quiet = Warmup.awaitQuiet(stop, MAX_QUIET_MS);
        // the kernel's entry methods reach C2 only after thousands of calls at C1's profiling tier,
        // which the JIT, busy with the whole JVM's start-up, grants late: a second round of kernel
        // epochs once the JIT is quiet gets them compiled before the first job instead of in it
        epochs += KernelWarmup.runIfNeeded(stop);
        quiet += Warmup.awaitQuiet(stop, MAX_QUIET_MS);
        String kernel = epochs > 0 ? "vector kernel " + epochs + " epochs, then " : "";
        return kernel + tasks + " of " + ALL_TASKS + " tasks through the task path, then " + quiet
                + " ms for the JIT to finish" + (stop.getAsBoolean() ? "; stopped: real work arrived" : "");
    }

    /** @return the tasks run */
    private static int runTasks(Path dir, RpcLimits limits, BooleanSupplier stop) throws Exception {
        NodeConfig config = new NodeConfig(0, 0, 1, new DataRoot(dir), 2, 0L, dir.resolve("shard-cache"),
                SHARD_CACHE_BYTES, 0);
        ComputeNodeService service = new ComputeNodeService(config, false);
        AuthToken token = AuthToken.of(UUID.randomUUID().toString());
        try (LoopbackNode node = LoopbackNode.start("node-warmup", new ComputeNodeHandler(service, token), limits)) {
            TaskRequest template = request(token);
            int i = 0;
            while (i < TASKS && !stop.getAsBoolean()) {
                runTask(node.client(), dir, template, ++i);
            }
            return stop.getAsBoolean() ? i : i + runSmallTasks(node.client(), dir, template, stop);
        } finally {
            service.close();
        }
    }

    /** @return the tasks run */
    private static int runSmallTasks(ComputeNode.Client client, Path dir, TaskRequest template,
            BooleanSupplier stop) throws Exception {
        List<TaskRequest> requests = new ArrayList<>();
        for (int s = 1; s <= SMALL_SHARDS; s++) {
            byte[] bytes = SyntheticData.csv(SMALL_ROWS, FEATURES, CLASSES, TASKS + s);
            Path file = Files.write(dir.resolve("small_letters" + s + ".txt"), bytes);
            TaskRequest request = template.deepCopy().setEpochs(1);
            request.setTraining_file(file.toString());
            request.setShard_sha256(Hashing.sha256Hex(bytes));
            requests.add(request);
        }
        int i = 0;
        while (i < SMALL_TASKS && !stop.getAsBoolean()) {
            TaskRequest request = requests.get(i % SMALL_SHARDS).deepCopy();
            request.setShuffle_seed(LocalTrainer.shuffleSeed(0L, 2, ++i));
            request.setLabel("warm-up small " + i + "/" + SMALL_TASKS);
            TaskResult result = client.run_task(request);
            WireWeights.unpack(result.bufferForDeltas_packed(), HIDDEN, CLASSES); // throws when the task was not run
        }
        return i;
    }

    private static TaskRequest request(AuthToken token) {
        // packed, as coordinators send tasks to nodes that say they read that form
        TaskRequest request = new TaskRequest(null, null, CLASSES, HIDDEN, ETA, EPOCHS, 1);
        request.setInitial_packed(WireWeights.pack(MlpWeights.initUniform(FEATURES, HIDDEN, CLASSES, 1)));
        request.setAuth_token(token.presented());
        return request;
    }

    /** One task as a coordinator sends it: a local file named by path and content hash. */
    private static void runTask(ComputeNode.Client client, Path dir, TaskRequest template, int i) throws Exception {
        byte[] bytes = SyntheticData.csv(ROWS, FEATURES, CLASSES, i);
        Path file = Files.write(dir.resolve("train_letters" + i + ".txt"), bytes);
        TaskRequest request = template.deepCopy();
        request.setTraining_file(file.toString());
        request.setShuffle_seed(LocalTrainer.shuffleSeed(0L, 1, i));
        request.setLabel("warm-up " + i + "/" + TASKS);
        request.setShard_sha256(Hashing.sha256Hex(bytes));
        TaskResult result = client.run_task(request);
        WireWeights.unpack(result.bufferForDeltas_packed(), HIDDEN, CLASSES); // throws when the task was not run
        Files.delete(file); // the next task reads another file, so the shard cache parses again
    }
}
