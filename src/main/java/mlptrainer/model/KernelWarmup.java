package mlptrainer.model;

import java.util.Map;
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
 * Then it trains a synthetic wide shard (48 rows of {@value WideKernel#MIN_INPUTS} inputs) by
 * mini-batch SGD for {@link #WIDE_EPOCHS} epochs, which gets {@link WideKernel}'s tiles and
 * packing compiled (its first wide task would otherwise run them at the interpreter's speed).
 * {@link #startInBackground} does the same on a low-priority daemon thread of its own, the wide
 * part only when asked. With the
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
    /**
     * Epochs of the wide warm-up: three {@link WideKernel} calls each (two batches and the
     * evaluation). 500 leave a first epoch of 8,000 rows x 784 inputs (batch 128, h 256) at its
     * steady speed, where without them it took about four times as long.
     */
    static final int WIDE_EPOCHS = 500;
    /** Epochs per training call: between calls {@link #runIfNeeded} may stop. */
    static final int CHUNK = 50;
    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private KernelWarmup() {
    }

    /**
     * Starts the warm-up thread when the vector kernel is in use, once per JVM; returns at once.
     *
     * @param features the inputs the work will have: {@link WideKernel} is warmed only for inputs it
     *                 takes, since compiling its tiles costs CPU that the first tasks on narrow data need
     */
    public static void startInBackground(int features) {
        boolean wide = WideKernel.takesInputs(features);
        if (!MlpKernel.VECTOR || !STARTED.compareAndSet(false, true)) {
            return;
        }
        Thread t = new Thread(() -> run(() -> false, wide), "kernel-warmup");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    /**
     * Runs the warm-up on the calling thread when the vector kernel is in use (about 1 s of CPU),
     * in chunks of {@link #CHUNK} epochs; with the scalar kernel returns at once.
     *
     * @param stop asked before each chunk; true ends the warm-up there (real work has arrived)
     * @return the epochs trained, narrow and wide: {@link #EPOCHS} + {@link #WIDE_EPOCHS} unless
     *         stopped, 0 with the scalar kernel
     */
    public static int runIfNeeded(BooleanSupplier stop) {
        return MlpKernel.VECTOR ? run(stop) : 0;
    }

    private static int run(BooleanSupplier stop) {
        return run(stop, true);
    }

    /** @return the epochs trained: the narrow warm-up, then the wide one when {@code wide} */
    static int run(BooleanSupplier stop, boolean wide) {
        Dataset shard = syntheticShard();
        MlpWeights initial = MlpWeights.initUniform(shard.features(), 24, 26, 1);
        CourseTrainer trainer = new CourseTrainer();
        int epochs = 0;
        while (epochs < EPOCHS && !stop.getAsBoolean()) {
            trainer.train(shard, initial, 1e-5, CHUNK, false);
            epochs += CHUNK;
        }
        return wide ? epochs + runWide(stop) : epochs;
    }

    /**
     * The wide warm-up, alternating h 40 and 32 (a last panel of two vectors and of one with
     * AVX-512), in batches of 24 rows (three groups of a tile's rows).
     *
     * @return the epochs trained
     */
    private static int runWide(BooleanSupplier stop) {
        Dataset shard = syntheticWideShard();
        MlpWeights[] initial = {MlpWeights.initHe(shard.features(), 40, 10, 1),
            MlpWeights.initHe(shard.features(), 32, 10, 1)};
        TrainingSettings sgd = TrainingSettings.parse(Map.of("optimizer", "sgd", "batch_size", "24"));
        MiniBatchTrainer trainer = new MiniBatchTrainer();
        int epochs = 0;
        for (int i = 0; epochs < WIDE_EPOCHS && !stop.getAsBoolean(); i++) {
            trainer.train(shard, initial[i % 2], 1e-3, CHUNK, sgd, i);
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

    /** 48 rows of pixel-like inputs (about half zero, the rest in (0, 1]), 10 classes. */
    private static Dataset syntheticWideShard() {
        int n = 48;
        int d = WideKernel.MIN_INPUTS;
        SplittableRandom rnd = new SplittableRandom(2);
        double[] x = new double[n * d];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = rnd.nextInt(10);
        }
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextBoolean() ? 0.0 : (1 + rnd.nextInt(255)) / 255.0;
        }
        return new Dataset("warm-up-wide", d, x, labels);
    }
}
