package mlptrainer.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import mlptrainer.data.DatasetManifest;
import mlptrainer.data.DatasetManifest.FileRows;
import mlptrainer.data.Hashing;
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

    /**
     * Writes a data directory as {@code prepare} does: {@code shards} training shards of
     * {@code rows} rows, a validation file of {@code rows} rows and a {@code dataset.json}
     * (real_valued) naming the labels. Class c clusters around 2.5 on the features j with
     * j % k == c and around -1.5 on the others, with noise, so features are negative and positive
     * decimals written in shortest round-trip form; rows cycle through the classes. The source's
     * hash stands for the seed: another seed is another data set (another fingerprint).
     *
     * @return the manifest written
     */
    public static DatasetManifest writeRealValued(Path dir, List<String> labels, int features, int shards, int rows,
            long seed) throws IOException {
        Files.createDirectories(dir);
        Random random = new Random(seed);
        List<FileRows> files = new ArrayList<>();
        for (int s = 1; s <= shards; s++) {
            files.add(writeRealRows(dir.resolve("train_letters" + s + ".txt"), rows, random, features, labels.size()));
        }
        FileRows validation = writeRealRows(dir.resolve("validate_letters.txt"), rows, random, features, labels.size());
        List<String> featureNames = IntStream.range(0, features).mapToObj(j -> "x" + j).toList();
        DatasetManifest m = new DatasetManifest(features, labels.size(), true, featureNames, labels, files, validation,
                "own.csv", Hashing.sha256Hex(("own.csv drawn with seed " + seed).getBytes(UTF_8)));
        m.write(dir);
        return m;
    }

    private static FileRows writeRealRows(Path file, int rows, Random random, int features, int k) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < rows; r++) {
            int label = r % k;
            for (int j = 0; j < features; j++) {
                sb.append((j % k == label ? 2.5 : -1.5) + 0.6 * random.nextGaussian()).append(',');
            }
            sb.append(label).append('\n');
        }
        Files.writeString(file, sb);
        return new FileRows(file.getFileName().toString(), rows);
    }
}
