package mlptrainer.model;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import mlptrainer.data.Dataset;

/**
 * Compiles the vector kernel before the first task needs it. Until C2 has compiled
 * {@link VectorKernel} every vector is a heap object and each operation a call, so a fresh node's
 * first tasks would run many times slower than later ones. Once a compute node listens, its
 * warm-up thread ({@code node.NodeWarmup}) calls {@link #runIfNeeded}: it trains a synthetic
 * 44-row shard (h 24, k 26) for a bounded number of epochs, which gets the kernel's methods
 * compiled whatever the task's shapes, and stops early when real tasks arrive (they compile the kernel themselves; the warm-up would only compete).
 * {@link #startInBackground} does the same on a low-priority daemon thread of its own. With the
 * scalar kernel (no {@code jdk.incubator.vector}), which warms up in a few epochs, both do nothing.
 */
public final class KernelWarmup {
    /**
     * Epochs of warm-up: one kernel pass each, so also the calls of the kernel's entry method,
     * which C2 compiles only after thousands of calls at C1's profiling tier (far fewer epochs get
     * the block methods compiled but not the forward pass and the entry). On a small shard, so each epoch is cheap: 44 rows
     * against a course shard's 1500. The node runs this twice, the second time once the JIT is quiet.
     */
    static final int EPOCHS = 8000;
    /** Epochs per training call: between calls {@link #runIfNeeded} may stop. */
    static final int CHUNK = 50;
    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private KernelWarmup() {
    }

    /** Starts the warm-up thread when the vector kernel is in use, once per JVM; returns at once. */
    public static void startInBackground() {
        if (!MlpKernel.VECTOR || !STARTED.compareAndSet(false, true)) {
            return;
        }
        Thread t = new Thread(KernelWarmup::run, "kernel-warmup");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    /**
     * Runs the warm-up on the calling thread when the vector kernel is in use (about 1 s of CPU),
     * in chunks of {@link #CHUNK} epochs; with the scalar kernel returns at once.
     *
     * @param stop asked before each chunk; true ends the warm-up there (real work has arrived)
     * @return the epochs trained: {@link #EPOCHS} unless stopped, 0 with the scalar kernel
     */
    public static int runIfNeeded(BooleanSupplier stop) {
        return MlpKernel.VECTOR ? run(stop) : 0;
    }

    static void run() {
        run(() -> false);
    }

    private static int run(BooleanSupplier stop) {
        Dataset shard = syntheticShard();
        MlpWeights initial = MlpWeights.initUniform(shard.features(), 24, 26, 1);
        CourseTrainer trainer = new CourseTrainer();
        int epochs = 0;
        while (epochs < EPOCHS && !stop.getAsBoolean()) {
            trainer.train(shard, initial, 1e-5, CHUNK, false);
            epochs += CHUNK;
        }
        return epochs;
    }

    private static Dataset syntheticShard() {
        int n = 44; // two blocks and a 12-row tail, as a 1500-row shard ends
        int d = 16;
        int k = 26;
        SplittableRandom rnd = new SplittableRandom(1);
        double[] x = new double[n * d];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = rnd.nextInt(k);
            for (int j = 0; j < d; j++) {
                x[i * d + j] = rnd.nextInt(16);
            }
        }
        return new Dataset("warm-up", d, x, labels);
    }
}
