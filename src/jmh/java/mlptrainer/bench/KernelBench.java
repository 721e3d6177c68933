package mlptrainer.bench;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import mlptrainer.data.Dataset;
import mlptrainer.model.CourseTrainer;
import mlptrainer.model.MlpWeights;
import mlptrainer.model.TaskOutcome;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The course kernel on one 1500 x 16 shard, h 24, k 26, single-threaded.
 *
 * <p>{@code epoch}: one epoch = one full-batch step (backward + update) and the forward pass that
 * gives the new loss. It runs {@value #EPOCHS} epochs with early stop off and reports time per
 * epoch; the weight copies and row binding of a task add well under 1% to it.
 * {@code task}: one whole task of 50 epochs with the course's early stop, as a node runs it.
 * {@code -p shard=FILE} trains on a real shard instead of the synthetic one.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx64m", "--add-modules", "jdk.incubator.vector"})
public class KernelBench {
    static final int EPOCHS = 100;

    @Param("")
    public String shard;
    @Param("24")
    public int h;

    private Dataset data;
    private MlpWeights initial;
    private final CourseTrainer trainer = new CourseTrainer();
    private int epochsRun;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        data = Shards.load(shard, 1500);
        initial = MlpWeights.initUniform(data.features(), h, Shards.CLASSES, 42);
    }

    @Benchmark
    @OperationsPerInvocation(EPOCHS)
    public TaskOutcome epoch() {
        return trainer.train(data, initial, 1e-5, EPOCHS, false);
    }

    @Benchmark
    public TaskOutcome task() {
        TaskOutcome out = trainer.train(data, initial, 1e-4, 50, true);
        epochsRun = out.epochsRun();
        return out;
    }
}
