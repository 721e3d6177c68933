package mlptrainer.node;

import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.io.IOException;
import java.nio.file.Path;
import mlptrainer.Decimals;
import mlptrainer.Untrusted;
import mlptrainer.SizeLimits;
import mlptrainer.data.DataException;
import mlptrainer.data.DataFile;
import mlptrainer.data.DatasetCache;
import mlptrainer.data.Dataset;
import mlptrainer.data.ScratchDirectory;
import mlptrainer.data.WeightedLru;
import mlptrainer.model.LocalTrainer;
import mlptrainer.model.MlpWeights;
import mlptrainer.model.TaskOutcome;
import mlptrainer.model.TrainingStoppedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a compute node does with a task, free of RPC types: maybe reject it (policy 2), maybe
 * inject load, train the shard from the given weights and return the deltas. A task stops within
 * about one epoch when its coordinator cancels it ({@link #cancel}) or its work budget is used, also
 * while it waits for a slot or sleeps injected load. Thread-safe: tasks arrive on many connections
 * at once and at most {@code slots} of them train at a time.
 */
public final class ComputeNodeService {
    private static final Logger LOG = LoggerFactory.getLogger(ComputeNodeService.class);
    /** A bound on epochs per task, so a request cannot occupy a node for days. */
    public static final int MAX_EPOCHS = SizeLimits.MAX_EPOCHS;
    /** How often a task waiting for a slot looks whether it was cancelled meanwhile, in milliseconds. */
    private static final long SLOT_POLL_MS = 50;
    private final NodeConfig config;
    /** Parsed local files of the data root (the node's own copies of shards). */
    private final DatasetCache localFiles;
    private final Semaphore slots;
    private final Random random;
    private final ThreadLocal<LocalTrainer> trainers = ThreadLocal.withInitial(LocalTrainer::new);
    /** The tasks between arrival and answer, so that a cancel finds them; at most one per open connection. */
    private final Set<TaskControl> running = ConcurrentHashMap.newKeySet();
    private final AtomicLong cancelledTasks = new AtomicLong();
    private final AtomicLong overBudgetTasks = new AtomicLong();

    private final ShardCache shardCache;
    /** The cache's directory when no --shard-cache-dir was given: a scratch directory, gone with the node. */
    private final ScratchDirectory temporaryShardCache;

    /** Whether each finished task is logged at INFO (else at DEBUG: the start-up warm-up's tasks). */
    private final boolean logTasks;
    /** Set by the first task; the start-up warm-up stops then rather than compete with real work. */
    private volatile boolean taskArrived;

    /** @throws IOException when the shard shardCache's directory cannot be made */
    public ComputeNodeService(NodeConfig config) throws IOException {
        this(config, true);
    }

    /** @param logTasks false to log finished tasks at DEBUG only (the warm-up's, which are not real work) */
    ComputeNodeService(NodeConfig config, boolean logTasks) throws IOException {
        this.config = config;
        this.logTasks = logTasks;
        // a scratch directory is also deleted by a shutdown hook, or by the next node when this one is killed
        this.temporaryShardCache = config.shardCacheDir() == null
                ? ScratchDirectory.create(Path.of(System.getProperty("java.io.tmpdir")), "mlp-trainer-shards-") : null;
        this.shardCache = new ShardCache(
                config.shardCacheDir() != null ? config.shardCacheDir() : temporaryShardCache.path(),
                config.shardCacheBytes());
        this.localFiles = new DatasetCache(config.dataRoot(), config.cachedShards());
        this.slots = new Semaphore(config.slots(), true);
        this.random = config.randomSeed() == null ? new Random() : new Random(config.randomSeed());
    }

    /**
     * Stops the running tasks (their threads are not left training for a node that is gone) and
     * deletes the shard shardCache's directory when this service made it as a temporary one.
     */
    public void close() {
        running.forEach(TaskControl::cancel);
        if (temporaryShardCache != null) {
            temporaryShardCache.close();
        }
    }

    /** @return the shipped shards this node keeps */
    public ShardCache shardCache() {
        return shardCache;
    }

    public NodeConfig config() {
        return config;
    }

    /** @return whether a task has arrived since the start, whatever came of it */
    public boolean taskArrived() {
        return taskArrived;
    }

    /** @return tasks between arrival and answer now */
    public int tasksRunning() {
        return running.size();
    }

    /** @return tasks stopped by a cancel since the start */
    public long tasksCancelled() {
        return cancelledTasks.get();
    }

    /** @return tasks stopped because their work budget was used, since the start */
    public long tasksOverBudget() {
        return overBudgetTasks.get();
    }

    /**
     * Asks the running tasks with this cancel key to stop; each does within about one epoch and
     * its caller gets a {@link TaskStoppedException}.
     *
     * @return how many tasks were asked (0 when none runs with that key)
     */
    public int cancel(String key) {
        int asked = 0;
        for (TaskControl c : running) {
            if (c.matches(key)) {
                c.cancel();
                asked++;
            }
        }
        return asked;
    }

    /**
     * @return the deltas, or a rejection under policy 2
     * @throws InvalidTaskException naming what is wrong with the request or its shard
     * @throws TaskStoppedException when the task was cancelled or used its work budget
     * @throws InterruptedException when the node shuts down meanwhile
     */
    public TaskReply run(TaskSpec spec) throws InvalidTaskException, ShardMissingException, InterruptedException {
        long start = System.nanoTime();
        TaskControl control = new TaskControl(spec.cancelKey(), spec.budgetMs(), start);
        running.add(control);
        taskArrived = true; // after registering it: whoever sees the flag can cancel the task
        try {
            checkArguments(spec);
            return runControlled(spec, control, start);
        } catch (TrainingStoppedException e) {
            throw reportStopped(spec, control, e.epochsRun());
        } finally {
            running.remove(control);
        }
    }

    private TaskReply runControlled(TaskSpec spec, TaskControl control, long start)
            throws InvalidTaskException, ShardMissingException, InterruptedException {
        if (spec.policy() == 2 && draw() < config.loadProbability()) {
            LOG.info("task {}: rejected (policy 2, load probability {})", spec.label(), config.loadProbability());
            return TaskReply.rejected(millisSince(start));
        }
        acquireSlot(control);
        try {
            long busyFrom = System.nanoTime();
            Dataset shard = prepareShard(spec);
            injectLoad(spec, control);
            TaskOutcome outcome = trainers.get().train(shard, spec.initial(), spec.eta(), spec.epochs(),
                    spec.settings(), spec.shuffleSeed(), control);
            MlpWeights deltas = outcome.weights().subtract(spec.initial());
            corruptIfInjected(deltas, spec);
            long busyNanos = System.nanoTime() - busyFrom;
            logDone(spec, outcome, shard.rows(), busyNanos, busyFrom - start);
            return new TaskReply(true, deltas, outcome.trainingError(), outcome.loss(), outcome.epochsRun(),
                    busyNanos / 1_000_000L);
        } finally {
            slots.release();
        }
    }

    private TaskStoppedException reportStopped(TaskSpec spec, TaskControl control, int epochsRun) {
        (control.isCancelled() ? cancelledTasks : overBudgetTasks).incrementAndGet();
        String reason = control.stopReason(epochsRun);
        LOG.info("task {}: {}", spec.label(), reason);
        return new TaskStoppedException("task " + spec.label() + ": " + reason);
    }

    /**
     * @param busyNanos  the task's time in its slot (shard, injected load, training, deltas): its work
     * @param queueNanos the time it waited for a slot first (a coordinator may send a node its next task early)
     */
    private void logDone(TaskSpec spec, TaskOutcome outcome, int rows, long busyNanos, long queueNanos) {
        String error = Decimals.fourPlaces(outcome.trainingError());
        String format = "task {}: {} epochs on {} rows, training error {}, {} ms (after {} ms waiting for a slot)";
        Object[] args = {spec.label(), outcome.epochsRun(), rows, error, Decimals.millisFromNanos(busyNanos),
                Decimals.millisFromNanos(queueNanos)};
        if (logTasks) {
            LOG.info(format, args);
        } else {
            LOG.debug(format, args);
        }
    }

    /**
     * Weight copies a task holds on a node: its request's wire form and the decoded weights; the
     * workspace's weights, transposes and gradients (seven, padded); the trained weights, the
     * optimiser's state (two at most), the deltas and the reply's wire form.
     */
    static final int TASK_COPIES = 2 + 7 + 1 + 2 + 1 + 1;
    /** What the node itself needs, whatever its tasks: threads, connections, buffers. */
    static final long SERVER_BYTES = 8L << 20;

    /**
     * @return the heap one task may take: the heap less the server's own share and the shard
     *         caches' (a quarter), shared among the slots
     */
    private long heapPerTask() {
        long heap = Runtime.getRuntime().maxMemory();
        return Math.max(0, heap - SERVER_BYTES - heap / WeightedLru.HEAP_SHARE_DIVISOR) / config.slots();
    }

    private void checkArguments(TaskSpec spec) throws InvalidTaskException {
        MlpWeights w = spec.initial();
        checkFits(w.inputs(), w.hidden(), w.classes());
        checkRanges(spec);
    }

    /**
     * Refuses a task of this shape that this node cannot train within its heap; the handler asks
     * before decoding a request's weights, so a refused task costs no copy of them.
     *
     * @throws InvalidTaskException naming the figures
     */
    public void checkFits(long d, long h, long k) throws InvalidTaskException {
        if (h > SizeLimits.MAX_HIDDEN || k > SizeLimits.MAX_CLASSES) {
            // before any size is computed from them: near 2^31 the products overflow
            throw new InvalidTaskException("h must be <= " + SizeLimits.MAX_HIDDEN + " and k <= "
                    + SizeLimits.MAX_CLASSES + ", got h=" + h + ", k=" + k);
        }
        long need = TASK_COPIES * SizeLimits.packedBytes(SizeLimits.weightValues(d, h, k));
        if (need > heapPerTask()) {
            throw new InvalidTaskException("task needs about " + SizeLimits.mb(need) + " (h " + h + ", k " + k + ", d "
                    + d + ": " + TASK_COPIES + " copies of the weights); this node can give a task "
                    + SizeLimits.mbDown(heapPerTask()) + " (heap " + SizeLimits.mbDown(Runtime.getRuntime().maxMemory())
                    + ", " + config.slots() + " slot(s)); use a smaller h or a larger -Xmx on the node");
        }
    }

    private static void checkRanges(TaskSpec spec) throws InvalidTaskException {
        if (spec.classes() < 2) {
            throw new InvalidTaskException("k must be >= 2, got " + spec.classes());
        }
        if (!(spec.eta() > 0) || !Double.isFinite(spec.eta())) {
            throw new InvalidTaskException("eta must be a finite number > 0, got " + spec.eta());
        }
        if (spec.epochs() < 1 || spec.epochs() > MAX_EPOCHS) {
            throw new InvalidTaskException("epochs must be in 1.." + MAX_EPOCHS + ", got " + spec.epochs());
        }
        if (spec.initial().classes() != spec.classes()) {
            throw new InvalidTaskException("weights have k=" + spec.initial().classes() + " classes, the task k="
                    + spec.classes());
        }
    }

    private Dataset prepareShard(TaskSpec spec) throws InvalidTaskException, ShardMissingException {
        Dataset shard;
        try {
            if (spec.shard() == null) {
                shard = localFiles.load(spec.trainingFile(), spec.classes()); // checks the labels, naming the line
            } else {
                shard = shardOfVersion(spec);
                DatasetCache.checkLabels(shard, spec.trainingFile(), spec.classes());
            }
        } catch (DataException e) {
            throw new InvalidTaskException(e.getMessage(), e);
        }
        if (shard.features() != spec.initial().inputs()) {
            throw new InvalidTaskException(Untrusted.shown(spec.trainingFile()) + " has " + shard.features()
                    + " features but the weights expect d=" + spec.initial().inputs());
        }
        return Standardization.applyIfRequested(shard, spec);
    }

    /**
     * The shard in exactly the coordinator's version: shipped bytes, the shard cache, or the local file
     * when its hash matches; otherwise the coordinator is asked for the bytes.
     */
    private Dataset shardOfVersion(TaskSpec spec) throws DataException, ShardMissingException {
        TaskSpec.ShardSource source = spec.shard();
        String sha = source.sha256();
        if (!ShardCache.isHash(sha)) {
            throw new DataException(Untrusted.shown(spec.trainingFile()) + ": shard_sha256 is not a SHA-256 in hex ("
                    + (sha == null ? 0 : sha.length()) + " characters)");
        }
        if (source.bytes() != null) {
            return shardCache.put(sha, source.bytes(), spec.trainingFile()).data();
        }
        DataFile held = shardCache.get(sha, spec.trainingFile());
        if (held != null) {
            return held.data();
        }
        try {
            DataFile local = localFiles.loadFile(spec.trainingFile(), 0);
            if (local.sha256().equals(sha)) {
                return local.data();
            }
        } catch (DataException e) {
            LOG.debug("task {}: no usable local copy of {}: {}", spec.label(), Untrusted.shown(spec.trainingFile()),
                    e.getMessage());
        }
        throw new ShardMissingException(Untrusted.shown(spec.trainingFile()) + ": this node has no copy with hash "
                + sha, sha);
    }

    private void injectLoad(TaskSpec spec, TaskControl control) throws InterruptedException {
        if (config.loadDelayMs() > 0 && draw() < config.loadProbability()) {
            LOG.debug("task {}: injecting {} ms of load", spec.label(), config.loadDelayMs());
            if (control.pause(config.loadDelayMs())) {
                throw new TrainingStoppedException(0);
            }
        }
    }

    /**
     * Waits for a slot, but not for one a stopped task would never use. The shard is read and any load
     * injected inside the slot, so that a task waiting behind another costs the node nothing meanwhile.
     */
    private void acquireSlot(TaskControl control) throws InterruptedException {
        while (!slots.tryAcquire(SLOT_POLL_MS, TimeUnit.MILLISECONDS)) {
            if (control.stopRequested()) {
                throw new TrainingStoppedException(0);
            }
        }
    }

    /** Fault injection (--inject-bad-deltas): lets people watch the coordinator refuse bad deltas. */
    private void corruptIfInjected(MlpWeights deltas, TaskSpec spec) {
        if (config.badDeltaProbability() > 0 && draw() < config.badDeltaProbability()) {
            LOG.warn("task {}: fault injection: sending deltas with a NaN", spec.label());
            deltas.w()[0] = Double.NaN;
        }
    }

    private double draw() {
        synchronized (random) {
            return random.nextDouble();
        }
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
