package mlptrainer.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import mlptrainer.data.Dataset;
import mlptrainer.model.MiniBatchTrainer;
import mlptrainer.model.MlpWeights;
import mlptrainer.model.TaskOutcome;
import mlptrainer.model.TrainingSettings;

/**
 * The Java side of scripts/bench-wide.sh: {@link WideBench}'s epoch in a plain JVM, timed from
 * its start to its end after {@code --warmup} untimed epochs of the same configuration (the JIT's
 * compilation, which a node's start-up warm-up does before its first task). One line per
 * configuration, in the form of scripts/bench-wide.py's:
 * {@code wide-java: batch=B h=H seconds=S cpu=C gflops=G loss=L error=E}, C the training thread's
 * CPU seconds (less disturbed than S by other processes on a shared machine).
 */
public final class WideEpoch {
    private WideEpoch() {
    }

    /** @param args {@code [--warmup N] BATCH:H...} */
    public static void main(String[] args) {
        int warmup = 1;
        int first = 0;
        if (args.length >= 2 && args[0].equals("--warmup")) {
            warmup = Integer.parseInt(args[1]);
            first = 2;
        }
        Dataset data = WideData.synthetic(WideBench.ROWS);
        for (int a = first; a < args.length; a++) {
            String[] parts = args[a].split(":");
            int batch = Integer.parseInt(parts[0]);
            int h = Integer.parseInt(parts[1]);
            MlpWeights initial = MlpWeights.initHe(WideData.FEATURES, h, WideData.CLASSES, 42);
            TrainingSettings sgd = TrainingSettings.parse(Map.of("optimizer", "sgd", "batch_size", parts[0]));
            for (int w = 0; w < warmup; w++) {
                new MiniBatchTrainer().train(data, initial, WideBench.ETA, 1, sgd, WideBench.SEED);
            }
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long cpuStart = threads.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            TaskOutcome out = new MiniBatchTrainer().train(data, initial, WideBench.ETA, 1, sgd, WideBench.SEED);
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpu = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
            System.out.printf("wide-java: batch=%d h=%d seconds=%.3f cpu=%.3f gflops=%.1f loss=%.6f error=%.4f%n",
                    batch, h, seconds, cpu, gigaflops(h, seconds), out.loss(), out.trainingError());
        }
    }

    /** The products over the inputs only: forward and gradient per training row, forward per evaluated row. */
    static double gigaflops(int h, double seconds) {
        return 3.0 * 2 * WideBench.ROWS * WideData.FEATURES * h / seconds / 1e9;
    }
}
