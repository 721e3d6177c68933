package mlptrainer.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import mlptrainer.data.Dataset;

/** Shards for the benchmarks: a real file when one is named, else a synthetic letters-like shard. */
final class Shards {
    static final int FEATURES = 16;
    static final int CLASSES = 26;

    private Shards() {
    }

    /**
     * @param file a CSV shard (integer features, label last), or "" for {@link #synthetic}
     */
    static Dataset load(String file, int rows) throws IOException {
        if (file == null || file.isEmpty()) {
            return synthetic(rows, 1991);
        }
        return readCsv(Path.of(file));
    }

    /** rows x 16 integer features in 0..15 that depend on the label (so training makes progress), labels 0..25. */
    static Dataset synthetic(int rows, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] x = new double[rows * FEATURES];
        int[] labels = new int[rows];
        for (int i = 0; i < rows; i++) {
            int label = rnd.nextInt(CLASSES);
            labels[i] = label;
            for (int j = 0; j < FEATURES; j++) {
                int centre = (label * (j + 3) + j * 7) % 16;
                x[i * FEATURES + j] = Math.max(0, Math.min(15, centre + rnd.nextInt(7) - 3));
            }
        }
        return new Dataset("synthetic", FEATURES, x, labels);
    }

    /** The CSV text of a dataset, as the course's files. */
    static String csv(Dataset d) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < d.rows(); i++) {
            for (int j = 0; j < d.features(); j++) {
                b.append((int) d.feature(i, j)).append(',');
            }
            b.append(d.label(i)).append('\n');
        }
        return b.toString();
    }

    static Dataset readCsv(Path file) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
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
