package mlptrainer.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** Writes small letters-format data sets: deterministic, separable enough for a few rounds to learn. */
public final class TestData {
    private TestData() {
    }

    /**
     * Writes {@code dir/train_letters1.txt .. train_letters<shards>.txt} and {@code dir/validate_letters.txt}.
     * Each row: {@code features} integers in 0..15 around a per-class centre, then the label in 0..k-1.
     *
     * @return dir
     */
    public static Path write(Path dir, int shards, int rows, int features, int k, long seed) throws IOException {
        Files.createDirectories(dir);
        Random random = new Random(seed);
        int[][] centres = new int[k][features];
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < features; j++) {
                centres[c][j] = random.nextInt(16);
            }
        }
        for (int s = 1; s <= shards; s++) {
            Files.writeString(dir.resolve("train_letters" + s + ".txt"), rows(random, centres, rows));
        }
        Files.writeString(dir.resolve("validate_letters.txt"), rows(random, centres, rows));
        return dir;
    }

    /**
     * Rows of 16 features in 0..15 whose values depend on one of 26 labels, as the letters data:
     * for model files, evaluate and predict.
     *
     * @param labelled whether the label ends each row (an unlabeled file lacks it)
     */
    public static String letterRows(Random random, int n, boolean labelled) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int label = random.nextInt(26);
            for (int j = 0; j < 16; j++) {
                int v = Math.min(15, (j % 2 == 0 ? label % 16 : label / 2 % 16) + random.nextInt(2));
                sb.append(j == 0 ? "" : ",").append(v);
            }
            sb.append(labelled ? "," + label : "").append('\n');
        }
        return sb.toString();
    }

    /** Writes a letters-shaped set (3 shards of 50 rows, 60 validation rows, 16 features, k 26) into dir. */
    public static Path writeLetters(Path dir) throws IOException {
        Files.createDirectories(dir);
        Random random = new Random(42);
        for (int shard = 1; shard <= 3; shard++) {
            Files.writeString(dir.resolve("train_letters" + shard + ".txt"), letterRows(random, 50, true));
        }
        Files.writeString(dir.resolve("validate_letters.txt"), letterRows(random, 60, true));
        return dir;
    }

    private static String rows(Random random, int[][] centres, int rows) {
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < rows; r++) {
            int label = random.nextInt(centres.length);
            for (int x : centres[label]) {
                sb.append(Math.max(0, Math.min(15, x + random.nextInt(5) - 2))).append(',');
            }
            sb.append(label).append('\n');
        }
        return sb.toString();
    }
}
