package mlptrainer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

import mlptrainer.data.Dataset;

/** Shared helpers of the model tests: random data, the real shards when present, comparisons. */
final class ModelFixtures {
    /** The real data, relative to the Maven basedir (the worktree), when present. */
    static final Path LETTERS = Path.of("..", "shared", "letters");

    private ModelFixtures() {
    }

    /** n rows of d small integer features (as the letters files) with labels in [0, k). */
    static Dataset randomDataset(int n, int d, int k, long seed) {
        Random random = new Random(seed);
        double[] x = new double[n * d];
        int[] labels = new int[n];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextInt(16);
        }
        for (int i = 0; i < n; i++) {
            labels[i] = random.nextInt(k);
        }
        return new Dataset("random" + seed, d, x, labels);
    }

    static double[][] matrix(Dataset data) {
        double[][] out = new double[data.rows()][data.features()];
        for (int i = 0; i < data.rows(); i++) {
            for (int j = 0; j < data.features(); j++) {
                out[i][j] = data.feature(i, j);
            }
        }
        return out;
    }

    static Dataset readShard(Path file) throws IOException {
        return EpochTimer.readCsv(file);
    }

    static boolean lettersPresent() {
        return Files.isRegularFile(LETTERS.resolve("train_letters1.txt"));
    }

    /** Fails unless every pair differs by at most rel times the larger magnitude (or 1e-15 near zero). */
    static void assertRelClose(double[] expected, double[] actual, double rel, String what) {
        if (expected.length != actual.length) {
            fail(what + ": lengths differ, " + expected.length + " versus " + actual.length);
        }
        for (int i = 0; i < expected.length; i++) {
            double diff = Math.abs(expected[i] - actual[i]);
            double scale = Math.max(Math.abs(expected[i]), Math.abs(actual[i]));
            if (!(diff <= rel * scale || diff <= 1e-15)) {
                fail(what + "[" + i + "]: expected " + expected[i] + " but got " + actual[i]
                        + " (relative difference " + diff / scale + ")");
            }
        }
    }

    /**
     * For a mini-batch regulariser: set to "0" it trains exactly as without it, set to {@code value}
     * it changes the model, and then the scalar and the vector kernel train the same bits (when the
     * JVM has the vector kernel).
     *
     * @return the outcome of training with {@code value}
     */
    static TaskOutcome assertZeroIsOffAndKernelsAgree(String setting, String value) {
        Dataset data = randomDataset(203, 16, 26, 5);
        MlpWeights initial = MlpWeights.initHe(16, 24, 26, 6);
        Map<String, String> none = Map.of("optimizer", "momentum", "batch_size", "20");
        Map<String, String> zero = Map.of("optimizer", "momentum", "batch_size", "20", setting, "0");
        Map<String, String> some = Map.of("optimizer", "momentum", "batch_size", "20", setting, value);
        TaskOutcome plain = trainTwoEpochs(data, initial, none, new Workspace());
        assertEquals(plain, trainTwoEpochs(data, initial, zero, new Workspace()), setting + "=0");
        TaskOutcome changed = trainTwoEpochs(data, initial, some, new Workspace());
        assertNotEquals(plain.weights(), changed.weights(), setting + "=" + value + " trained as none");
        if (MlpKernel.VECTOR) {
            assertEquals(trainTwoEpochs(data, initial, some, new Workspace(false)),
                    trainTwoEpochs(data, initial, some, new Workspace(true)), "scalar and vector kernels");
        }
        return changed;
    }

    /** Two epochs of eta 0.05 from seed 11. */
    static TaskOutcome trainTwoEpochs(Dataset data, MlpWeights initial, Map<String, String> settings, Workspace ws) {
        return new MiniBatchTrainer(ws).train(data, initial, 0.05, 2, TrainingSettings.parse(settings), 11);
    }
}
