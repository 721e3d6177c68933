package mlptrainer.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** Small deterministic letter-format data for tests: 4 integer features, 3 classes, learnable. */
public final class TestData {
    private TestData() {
    }

    /** Writes train_letters1..shards.txt of {@code rows} rows each and validate_letters.txt into dir. */
    public static void write(Path dir, int shards, int rows, long seed) throws IOException {
        Files.createDirectories(dir);
        Random random = new Random(seed);
        for (int s = 1; s <= shards; s++) {
            Files.writeString(dir.resolve("train_letters" + s + ".txt"), rows(random, rows));
        }
        Files.writeString(dir.resolve("validate_letters.txt"), rows(random, rows));
    }

    /** Rows whose label's feature is larger on average, so a model can learn them. */
    public static String rows(Random random, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int label = random.nextInt(3);
            for (int j = 0; j < 4; j++) {
                sb.append(random.nextInt(4) + (j == label ? 4 : 0)).append(',');
            }
            sb.append(label).append('\n');
        }
        return sb.toString();
    }
}
