package mlptrainer.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import mlptrainer.data.SyntheticData;

/** The tests' data sets, all made by the project's one generator ({@link SyntheticData}). */
public final class TestData {
    private TestData() {
    }

    /**
     * Writes {@code dir/train_letters1.txt .. train_letters<shards>.txt} and {@code dir/validate_letters.txt}
     * as {@link SyntheticData#writeClustered}: deterministic, separable enough for a few rounds to learn.
     *
     * @return dir
     */
    public static Path write(Path dir, int shards, int rows, int features, int k, long seed) throws IOException {
        return SyntheticData.writeClustered(dir, shards, rows, features, k, seed);
    }

    /** Letter-shaped rows ({@link SyntheticData#letterRows}): for model files, evaluate and predict. */
    public static String letterRows(Random random, int n, boolean labelled) {
        return SyntheticData.letterRows(random, n, labelled);
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
}
