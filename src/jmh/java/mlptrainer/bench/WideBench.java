package mlptrainer.bench;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import mlptrainer.data.Dataset;
import mlptrainer.model.MiniBatchTrainer;
import mlptrainer.model.MlpWeights;
import mlptrainer.model.TaskOutcome;
import mlptrainer.model.TrainingSettings;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import smile.base.mlp.Layer;
import smile.base.mlp.OutputFunction;
import smile.classification.MLP;
import smile.math.TimeFunction;

/**
 * Issue 20, wide data: one epoch of mini-batch SGD over 8,000 synthetic rows of 784 pixel-like
 * features and 10 classes ({@link WideData}, the rows scripts/bench-wide.py makes too), then the
 * loss and error of the trained weights on the whole shard, as a task ends; single-threaded.
 *
 * <p>{@code javaVector}: {@link MiniBatchTrainer} with the Vector API (its wide kernel);
 * {@code javaScalar}: the same with {@code -Dmlptrainer.scalarKernel=true} (what
 * {@code MLP_SCALAR_KERNEL=1} runs; the same bits); {@code smile}: Smile 3.1.1's MLP (ReLU layer,
 * softmax with log-likelihood, SGD without momentum) on the same batches, with its native
 * OpenBLAS held to one thread. Each invocation is one epoch from the same initial weights.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "--add-modules", "jdk.incubator.vector", "-XX:ActiveProcessorCount=1",
    "-Dorg.bytedeco.openblas.nthreads=1"})
public class WideBench {
    static final int ROWS = 8000;
    static final double ETA = 0.05;
    static final long SEED = 7;

    @Param({"32", "128"})
    public int batch;
    @Param({"256", "1024"})
    public int h;

    private Dataset data;
    private MlpWeights initial;
    private TrainingSettings sgd;
    private double[][] rows;
    private int[] labels;

    @Setup(Level.Trial)
    public void setUp() {
        data = WideData.synthetic(ROWS);
        initial = MlpWeights.initHe(WideData.FEATURES, h, WideData.CLASSES, 42);
        sgd = TrainingSettings.parse(Map.of("optimizer", "sgd", "batch_size", Integer.toString(batch)));
        rows = new double[ROWS][WideData.FEATURES];
        labels = new int[ROWS];
        for (int i = 0; i < ROWS; i++) {
            for (int j = 0; j < WideData.FEATURES; j++) {
                rows[i][j] = data.feature(i, j);
            }
            labels[i] = data.label(i);
        }
    }

    @Benchmark
    public TaskOutcome javaVector() {
        return new MiniBatchTrainer().train(data, initial, ETA, 1, sgd, SEED);
    }

    @Benchmark
    @Warmup(iterations = 1)
    @Measurement(iterations = 3)
    @Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-XX:ActiveProcessorCount=1", "-Dmlptrainer.scalarKernel=true"})
    public TaskOutcome javaScalar() {
        return new MiniBatchTrainer().train(data, initial, ETA, 1, sgd, SEED);
    }

    /** Smile's MLP: one epoch in the same batch sizes and a shuffled order, then a prediction for every row. */
    @Benchmark
    @Warmup(iterations = 1)
    @Measurement(iterations = 2)
    public int smile() {
        MLP mlp = new MLP(Layer.input(WideData.FEATURES), Layer.rectifier(h),
                Layer.mle(WideData.CLASSES, OutputFunction.SOFTMAX));
        mlp.setLearningRate(TimeFunction.constant(ETA));
        mlp.setMomentum(TimeFunction.constant(0.0));
        int[] order = shuffled(ROWS, new SplittableRandom(SEED));
        for (int from = 0; from < ROWS; from += batch) {
            int count = Math.min(batch, ROWS - from);
            double[][] xb = new double[count][];
            int[] yb = new int[count];
            for (int r = 0; r < count; r++) {
                xb[r] = rows[order[from + r]];
                yb[r] = labels[order[from + r]];
            }
            mlp.update(xb, yb);
        }
        int wrong = 0;
        for (int i = 0; i < ROWS; i++) {
            wrong += mlp.predict(rows[i]) == labels[i] ? 0 : 1;
        }
        return wrong;
    }

    private static int[] shuffled(int n, SplittableRandom random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
