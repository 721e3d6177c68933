package mlptrainer.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import mlptrainer.data.Dataset;

/** The dropout setting: a hand-computed step, the mask's stream, 0 as no dropout, both kernels alike. */
class HiddenDropoutTest {
    private static final long STREAM = 0xD1B54A32D192ED03L;

    /**
     * d 1, h 2, k 2, one row x = 1 of label 0, W = (bias 0 0; 1 2), V = (bias 0 0; 1 0; 0 1), so
     * A = Z = (1, 2). With p 0.5 a kept unit's factor is 2. Unit 1 kept and unit 2 dropped: the
     * outputs are (2 * 1 * 1, 0), softmax (e^2, 1) / (e^2 + 1), and D = onehot - y = (q, -q) with
     * q = 1 / (e^2 + 1). Minus the gradient: V's bias row D; V's row 1 is 2 z1 D = (2q, -2q), row 2
     * gets 0 (dropped); the hidden error is D times the thinned V's rows, (2q, 0), so W's bias row
     * (2q, 0) and its x row (2q, 0). One SGD step of eta 1 adds all that.
     */
    @Test
    void aStepWithOneUnitDroppedIsTheHandComputedThinnedStep() {
        long seed = seedWithMask(true, false);
        Dataset row = new Dataset("one row", 1, new double[] {1}, new int[] {0});
        MlpWeights initial = new MlpWeights(1, 2, 2, new double[] {0, 0, 1, 2}, new double[] {0, 0, 1, 0, 0, 1});
        TaskOutcome out = new MiniBatchTrainer(new Workspace(false)).train(row, initial, 1.0, 1,
                TrainingSettings.parse(Map.of("optimizer", "sgd", "batch_size", "1", "dropout", "0.5")), seed);
        double q = 1 / (Math.exp(2) + 1);
        assertArrayEquals(new double[] {2 * q, 0, 1 + 2 * q, 2}, out.weights().w(), 1e-12);
        assertArrayEquals(new double[] {q, -q, 1 + 2 * q, -2 * q, 0, 1}, out.weights().v(), 1e-12);
    }

    /** The mask stream: one draw per unit in unit order, dropped when below p, factors 0 or 1 / (1 - p). */
    @Test
    void theMaskIsDrawnAsDocumented() {
        Workspace ws = new Workspace(false);
        ws.ensure(2, 5, 3);
        HiddenDropout dropout = new HiddenDropout();
        dropout.start(0.3, 77);
        dropout.startStep(ws);
        dropout.finishStep(ws);
        SplittableRandom expected = new SplittableRandom(77 ^ STREAM);
        for (int m = 0; m < 5; m++) {
            assertEquals(expected.nextDouble() < 0.3 ? 0 : 1 / 0.7, dropout.factor(m), 0.0, "unit " + m);
        }
    }

    @Test
    void zeroDropoutIsNoDropoutBitForBitAndBothKernelsAgreeWithDropout() {
        assertTrue(ModelFixtures.assertZeroIsOffAndKernelsAgree("dropout", "0.25").weights().isFinite());
    }

    @Test
    void aTrainerReusedAfterADropoutTaskTrainsWithoutDropoutAgain() {
        Dataset data = ModelFixtures.randomDataset(40, 4, 3, 8);
        MlpWeights initial = MlpWeights.initHe(4, 6, 3, 9);
        MiniBatchTrainer reused = new MiniBatchTrainer(new Workspace());
        reused.train(data, initial, 0.05, 2, TrainingSettings.parse(Map.of("optimizer", "sgd", "dropout", "0.5")), 3);
        Map<String, String> plain = Map.of("optimizer", "sgd");
        assertEquals(ModelFixtures.trainTwoEpochs(data, initial, plain, new Workspace()),
                reused.train(data, initial, 0.05, 2, TrainingSettings.parse(plain), 11));
    }

    @Test
    void badOrIgnoredValuesAreRefused() {
        for (String bad : new String[] {"1", "-0.1", "NaN", "x"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
                    TrainingSettings.parse(Map.of("optimizer", "sgd", "dropout", bad)));
            assertTrue(e.getMessage().startsWith("dropout=" + bad), e.getMessage());
        }
        IllegalArgumentException gd = assertThrows(IllegalArgumentException.class,
                () -> TrainingSettings.parse(Map.of("dropout", "0.1")));
        assertTrue(gd.getMessage().contains("needs optimizer"), gd.getMessage());
    }

    /** @return the first task seed whose first step keeps or drops units 1 and 2 as asked, at p 0.5 */
    private static long seedWithMask(boolean keepFirst, boolean keepSecond) {
        for (long seed = 0; ; seed++) {
            SplittableRandom draws = new SplittableRandom(seed ^ STREAM);
            if ((draws.nextDouble() >= 0.5) == keepFirst && (draws.nextDouble() >= 0.5) == keepSecond) {
                return seed;
            }
        }
    }
}
