package mlptrainer.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import mlptrainer.data.Dataset;

/** The input_noise setting: the noise drawn as documented, the training it feeds, 0 as no noise. */
class InputNoiseTest {

    /** Uniform on [-a, a) with a = std sqrt(3), one draw per input in row-major order of the batch. */
    @Test
    void aBatchGetsTheDocumentedDrawsFromItsOwnStream() {
        double[] x = {1, 2, 3, 4, 5, 6};
        int[] labels = {7, 8, 9};
        InputNoise noise = new InputNoise();
        noise.start(0.5, 42);
        noise.fill(x, labels, 2, new int[] {2, 0, 1}, 1, 2); // rows 0 and 1 of the shard, in that order
        SplittableRandom expected = new SplittableRandom(42 ^ 0x9E3779B97F4A7C15L);
        double a = 0.5 * Math.sqrt(3);
        double[] want = new double[4];
        double[] clean = {1, 2, 3, 4};
        for (int i = 0; i < 4; i++) {
            want[i] = clean[i] + a * (2 * expected.nextDouble() - 1);
        }
        assertArrayEquals(want, java.util.Arrays.copyOf(noise.features(), 4), 0.0);
        assertArrayEquals(new int[] {7, 8}, java.util.Arrays.copyOf(noise.labels(), 2));
        assertArrayEquals(new int[] {0, 1}, java.util.Arrays.copyOf(noise.rows(), 2));
        for (int i = 0; i < 4; i++) {
            assertTrue(Math.abs(noise.features()[i] - clean[i]) <= a, "within the amplitude: " + i);
        }
    }

    /** Training with noise equals training without noise on the noisy copies the trainer documents. */
    @Test
    void aNoisyStepIsTheCleanStepOnTheNoisyRows() {
        Dataset row = new Dataset("one row", 3, new double[] {0.5, -1.0, 2.0}, new int[] {1});
        MlpWeights initial = MlpWeights.initHe(3, 5, 4, 2);
        TaskOutcome noisy = new MiniBatchTrainer(new Workspace(false)).train(row, initial, 0.1, 1,
                TrainingSettings.parse(Map.of("optimizer", "sgd", "batch_size", "1", "input_noise", "0.3")), 9);
        SplittableRandom draws = new SplittableRandom(9 ^ 0x9E3779B97F4A7C15L);
        double a = 0.3 * Math.sqrt(3);
        double[] shifted = new double[3];
        for (int j = 0; j < 3; j++) {
            shifted[j] = row.featuresUnsafe()[j] + a * (2 * draws.nextDouble() - 1);
        }
        TaskOutcome clean = new MiniBatchTrainer(new Workspace(false)).train(
                new Dataset("shifted", 3, shifted, new int[] {1}), initial, 0.1, 1,
                TrainingSettings.parse(Map.of("optimizer", "sgd", "batch_size", "1")), 9);
        assertEquals(clean.weights(), noisy.weights());
    }

    @Test
    void zeroNoiseIsNoNoiseBitForBitAndBothKernelsAgreeWithNoise() {
        ModelFixtures.assertZeroIsOffAndKernelsAgree("input_noise", "0.2");
    }

    @Test
    void badOrIgnoredValuesAreRefused() {
        for (String bad : new String[] {"10.5", "-0.1", "Infinity", "x"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
                    TrainingSettings.parse(Map.of("optimizer", "sgd", "input_noise", bad)));
            assertTrue(e.getMessage().startsWith("input_noise=" + bad), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> TrainingSettings.parse(Map.of("input_noise", "0.1")));
    }
}
