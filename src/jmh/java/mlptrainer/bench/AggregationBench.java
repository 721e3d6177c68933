package mlptrainer.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mlptrainer.coordinator.Aggregator;
import mlptrainer.model.MlpWeights;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** The coordinator's mean of 11 deltas (d 16, h 24, k 26), in shard order. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx64m", "--add-modules", "jdk.incubator.vector"})
public class AggregationBench {
    @Param("11")
    public int deltas;
    @Param("24")
    public int h;

    private List<MlpWeights> list;

    @Setup
    public void setUp() {
        list = new ArrayList<>();
        for (int i = 0; i < deltas; i++) {
            list.add(MlpWeights.initUniform(Shards.FEATURES, h, Shards.CLASSES, i));
        }
    }

    @Benchmark
    public MlpWeights meanDelta() {
        return Aggregator.meanDelta(list);
    }
}
