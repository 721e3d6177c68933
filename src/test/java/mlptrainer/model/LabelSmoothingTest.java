package mlptrainer.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import mlptrainer.data.Dataset;

/** The label_smoothing setting: hand-computed steps, both kernels alike, 0 as no smoothing, bad values refused. */
class LabelSmoothingTest {

    /**
     * Zero weights give every class 1/k, and no gradient reaches anything but the output bias
     * (V and the hidden activations are zero). One SGD step of eta 1 on one row of label 0 then
     * sets the output bias to the residual itself: target - 1/3 with k = 3. Smoothing 0.3 makes
     * the target (0.7 + 0.1, 0.1, 0.1); none makes it (1, 0, 0).
     */
    @Test
    void oneStepFromZeroWeightsMovesTheOutputBiasByTheSmoothedResidual() {
        Dataset row = new Dataset("one row", 2, new double[] {1.5, -2.0}, new int[] {0});
        double[] smoothed = outputBiasAfterOneStep(row, "0.3");
        assertArrayEquals(new double[] {0.8 - 1.0 / 3, 0.1 - 1.0 / 3, 0.1 - 1.0 / 3}, smoothed, 1e-15);
        double[] plain = outputBiasAfterOneStep(row, "0");
        assertArrayEquals(new double[] {2.0 / 3, -1.0 / 3, -1.0 / 3}, plain, 1e-15);
    }

    private static double[] outputBiasAfterOneStep(Dataset row, String smoothing) {
        TrainingSettings sgd = TrainingSettings.parse(Map.of("optimizer", "sgd", "batch_size", "1",
                "label_smoothing", smoothing));
        TaskOutcome out = new MiniBatchTrainer(new Workspace(false)).train(row, MlpWeights.zeros(2, 4, 3), 1.0, 1,
                sgd, 1);
        double[] v = out.weights().v();
        // everything but the output bias stays zero
        assertArrayEquals(new double[out.weights().w().length], out.weights().w(), 0.0);
        assertArrayEquals(new double[v.length - 3], Arrays.copyOfRange(v, 3, v.length), 0.0);
        return Arrays.copyOf(v, 3);
    }

    @Test
    void zeroSmoothingIsNoSmoothingBitForBitAndOtherValuesChangeTheModel() {
        Dataset data = ModelFixtures.randomDataset(90, 6, 5, 3);
        MlpWeights initial = MlpWeights.initHe(6, 10, 5, 4);
        TaskOutcome without = train(data, initial, Map.of("optimizer", "momentum"), new Workspace());
        TaskOutcome zero = train(data, initial, Map.of("optimizer", "momentum", "label_smoothing", "0"),
                new Workspace());
        assertEquals(without, zero);
        TaskOutcome smoothed = train(data, initial, Map.of("optimizer", "momentum", "label_smoothing", "0.1"),
                new Workspace());
        assertNotEquals(without.weights(), smoothed.weights());
    }

    @Test
    void aTrainerReusedAfterASmoothedTaskTrainsWithoutSmoothingAgain() {
        Dataset data = ModelFixtures.randomDataset(40, 4, 3, 8);
        MlpWeights initial = MlpWeights.initHe(4, 6, 3, 9);
        LocalTrainer reused = new LocalTrainer();
        reused.train(data, initial, 0.05, 2,
                TrainingSettings.parse(Map.of("optimizer", "sgd", "label_smoothing", "0.2")), 3);
        TrainingSettings plain = TrainingSettings.parse(Map.of("optimizer", "sgd"));
        assertEquals(new LocalTrainer().train(data, initial, 0.05, 2, plain, 3), reused.train(data, initial, 0.05, 2,
                plain, 3));
    }

    @Test
    void vectorAndScalarKernelsTrainTheSameBitsWithSmoothing() {
        Assumptions.assumeTrue(MlpKernel.VECTOR, "the vector kernel needs --add-modules jdk.incubator.vector");
        // a partial last block, and k below and above a vector's lanes
        int[][] shapes = {{203, 16, 24, 26}, {37, 3, 5, 3}};
        for (int[] s : shapes) {
            Dataset data = ModelFixtures.randomDataset(s[0], s[1], s[3], s[0] + s[2]);
            MlpWeights initial = MlpWeights.initHe(s[1], s[2], s[3], 7);
            Map<String, String> settings = Map.of("optimizer", "momentum", "batch_size", "20",
                    "label_smoothing", "0.15");
            assertEquals(train(data, initial, settings, new Workspace(false)),
                    train(data, initial, settings, new Workspace(true)), "n=" + s[0] + " k=" + s[3]);
        }
    }

    @Test
    void badOrIgnoredValuesAreRefused() {
        for (String bad : new String[] {"1", "-0.1", "NaN", "x"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
                    TrainingSettings.parse(Map.of("optimizer", "sgd", "label_smoothing", bad)));
            assertEquals(true, e.getMessage().startsWith("label_smoothing=" + bad), e.getMessage());
        }
        IllegalArgumentException gd = assertThrows(IllegalArgumentException.class, () ->
                TrainingSettings.parse(Map.of("label_smoothing", "0.1")));
        assertEquals(true, gd.getMessage().contains("needs optimizer"), gd.getMessage());
    }

    private static TaskOutcome train(Dataset data, MlpWeights initial, Map<String, String> settings, Workspace ws) {
        return new MiniBatchTrainer(ws).train(data, initial, 0.05, 3, TrainingSettings.parse(settings), 11);
    }
}
