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
