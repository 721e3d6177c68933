package mlptrainer.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * The project's one generator of synthetic data in the letters format (integer features 0..15, a label
 * 0..k-1 last): structureless rows for the servers' start-up warm-ups ({@link #csv}), which push them
 * through the same reading, hashing and training code as real data; and small learnable data sets for
 * the tests and the fault scripts ({@link #writeClustered}, {@code letters synthetic}). The same
 * arguments always give the same bytes. Stateless and thread-safe.
 */
public final class SyntheticData {
    /** Feature values lie in 0..MAX_FEATURE, as in the letters data. */
    static final int MAX_FEATURE = 15;

    private SyntheticData() {
    }

    /**
     * @param rows     data rows
     * @param features integer features per row
     * @param classes  labels lie in 0..classes-1
     * @param seed     the same seed gives the same bytes
     * @return the file's contents: one comma-separated row per line
     */
    public static byte[] csv(int rows, int features, int classes, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        StringBuilder text = new StringBuilder(rows * (features * 3 + 4));
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < features; j++) {
                text.append(rnd.nextInt(MAX_FEATURE + 1)).append(',');
            }
            text.append(rnd.nextInt(classes)).append('\n');
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Writes {@code dir/train_letters1.txt .. train_letters<shards>.txt} and {@code dir/validate_letters.txt}
     * (creating dir), each of {@code rows} rows: {@code features} integers in 0..15 scattered by -2..2 around
     * a centre drawn per class, then the label in 0..classes-1; separable enough for a few rounds to learn.
     *
     * @return dir
     */
    public static Path writeClustered(Path dir, int shards, int rows, int features, int classes, long seed)
            throws IOException {
        Files.createDirectories(dir);
        Random random = new Random(seed);
        int[][] centres = new int[classes][features];
        for (int c = 0; c < classes; c++) {
            for (int j = 0; j < features; j++) {
                centres[c][j] = random.nextInt(MAX_FEATURE + 1);
            }
        }
        for (int s = 1; s <= shards; s++) {
            Files.writeString(dir.resolve("train_letters" + s + ".txt"),
                    clusteredRows(random, centres, rows));
        }
        Files.writeString(dir.resolve(ShardFiles.VALIDATION_FILE), clusteredRows(random, centres, rows));
        return dir;
    }

    private static String clusteredRows(Random random, int[][] centres, int rows) {
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < rows; r++) {
            int label = random.nextInt(centres.length);
            for (int x : centres[label]) {
                sb.append(Math.max(0, Math.min(MAX_FEATURE, x + random.nextInt(5) - 2))).append(',');
            }
            sb.append(label).append('\n');
        }
        return sb.toString();
    }

    /**
     * Rows shaped as the letters data: 16 features in 0..15 that depend on one of 26 labels.
     *
     * @param labelled whether the label ends each row (an unlabelled file, for prediction, lacks it)
     */
    public static String letterRows(Random random, int n, boolean labelled) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int label = random.nextInt(26);
            for (int j = 0; j < 16; j++) {
                int v = Math.min(MAX_FEATURE, (j % 2 == 0 ? label % 16 : label / 2 % 16) + random.nextInt(2));
                sb.append(j == 0 ? "" : ",").append(v);
            }
            sb.append(labelled ? "," + label : "").append('\n');
        }
        return sb.toString();
    }
}
