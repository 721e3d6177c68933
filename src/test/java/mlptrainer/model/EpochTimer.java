package mlptrainer.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import mlptrainer.data.Dataset;

/**
 * Throwaway timing of one course epoch (forward + loss + backward + update) on a real shard, until
 * the JMH module exists. Not a test. Run after {@code mvn -q -B test-compile}:
 * {@code java -cp target/classes:target/test-classes mlptrainer.model.EpochTimer [file] [h]}
 */
public final class EpochTimer {
    private EpochTimer() {
    }

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args.length > 0 ? args[0] : "../shared/letters/train_letters1.txt");
        int h = args.length > 1 ? Integer.parseInt(args[1]) : 24;
        Dataset shard = readCsv(file);
        MlpWeights initial = MlpWeights.initUniform(shard.features(), h, 26, 42);
        CourseTrainer trainer = new CourseTrainer();
        int epochs = 200;
        for (int rep = 0; rep < 15; rep++) {
            long t0 = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            TaskOutcome out = trainer.train(shard, initial, 1e-5, epochs, false);
            long t1 = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            System.out.printf("rep %d: %.4f ms/epoch CPU time (loss %.3f, error %.4f)%n", rep,
                    (t1 - t0) / 1e6 / epochs, out.loss(), out.trainingError());
        }
    }

    /** CSV of integer features then the label, as the course's files. */
    static Dataset readCsv(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        lines.removeIf(String::isBlank);
        int d = lines.get(0).split(",").length - 1;
        double[] x = new double[lines.size() * d];
        int[] labels = new int[lines.size()];
        for (int i = 0; i < lines.size(); i++) {
            String[] parts = lines.get(i).split(",");
            for (int j = 0; j < d; j++) {
                x[i * d + j] = Integer.parseInt(parts[j].trim());
            }
            labels[i] = Integer.parseInt(parts[d].trim());
        }
        return new Dataset(file.getFileName().toString(), d, x, labels);
    }
}
