package mlptrainer.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * One step of each optimiser on a two-weight row. Common data: w = [1, -2], the batch's summed
 * negative gradient negSum = [0.5, -1] over a batch of 2 rows, so gradScale = -1/2 and the mean
 * loss's gradient is g = [-0.25, 0.5]; lr = 0.1. Expected values by hand (and checked in python3
 * with the same formulas; the printed decimals are pasted).
 */
class OptimizerStepsTest {
    private static final double LR = 0.1;
    private static final double SCALE = -0.5;

    private static double[] w() {
        return new double[] {1.0, -2.0};
    }

    private static double[] negSum() {
        return new double[] {0.5, -1.0};
    }

    @Test
    void sgdStepsAgainstTheGradient() {
        // w - lr g = [1 + 0.025, -2 - 0.05]
        double[] w = w();
        OptimizerSteps.sgd(w, negSum(), SCALE, LR, 0.0);
        assertArrayEquals(new double[] {1.025, -2.05}, w, 1e-15);
    }

    @Test
    void sgdWithDecoupledWeightDecay() {
        // w - lr (g + 0.01 w) = [1 - 0.1 (-0.25 + 0.01), -2 - 0.1 (0.5 - 0.02)] = [1.024, -2.048]
        double[] w = w();
        OptimizerSteps.sgd(w, negSum(), SCALE, LR, 0.01);
        assertArrayEquals(new double[] {1.024, -2.048}, w, 1e-15);
    }

    @Test
    void momentumAccumulatesThenSteps() {
        // buf = 0.9 buf + g with buf = [0.2, 0]: [0.18 - 0.25, 0.5] = [-0.07, 0.5];
        // w - lr buf = [1 + 0.007, -2 - 0.05]
        double[] w = w();
        double[] buf = {0.2, 0.0};
        OptimizerSteps.momentum(w, negSum(), buf, SCALE, LR, 0.9, 0.0);
        assertArrayEquals(new double[] {-0.07, 0.5}, buf, 1e-15);
        assertArrayEquals(new double[] {1.007, -2.05}, w, 1e-15);
    }

    @Test
    void adamTwoStepsWithBiasCorrection() {
        // step 1: m = 0.1 g = [-0.025, 0.05]; s = 0.001 g^2 = [6.25e-5, 2.5e-4]; c1 = 0.1, c2 = 0.001,
        // so m/c1 = g and s/c2 = g^2: w -= lr g / (|g| + 1e-8) = [1 + 0.1 * 0.25/0.25000001, ...]
        // = [1.0999999960000002, -2.099999998]
        // step 2 (same g): m = 0.9 m + 0.1 g = [-0.0475, 0.095], c1 = 0.19 -> m/c1 = g again;
        // s = 0.999 s + 0.001 g^2 = [1.249375e-4, 4.9975e-4], c2 = 0.001999 -> s/c2 = g^2 again,
        // so the same step: [1.1999999919999997, -2.1999999959999994]
        TrainingSettings adam = TrainingSettings.parse(Map.of("optimizer", "adam"));
        double[] w = w();
        double[] m = new double[2];
        double[] s = new double[2];
        OptimizerSteps.adam(w, negSum(), m, s, SCALE, LR, adam, 1 - 0.9, 1 - 0.999, 0.0);
        assertArrayEquals(new double[] {1.0999999960000002, -2.099999998}, w, 1e-15);
        assertArrayEquals(new double[] {-0.025, 0.05}, m, 1e-15);
        assertArrayEquals(new double[] {6.25e-5, 2.5e-4}, s, 1e-17); // (1 - 0.999) is 0.0010000000000000009 in doubles
        OptimizerSteps.adam(w, negSum(), m, s, SCALE, LR, adam, 1 - 0.81, 1 - 0.998001, 0.0);
        assertArrayEquals(new double[] {1.1999999919999997, -2.1999999959999994}, w, 1e-15);
        assertArrayEquals(new double[] {-0.0475, 0.095}, m, 1e-15);
    }

    @Test
    void applySparesTheBiasRowFromDecayAndUsesTheStepCount() {
        // two rows: the bias row [1, -2] gets the plain SGD step, the other the decayed one
        TrainingSettings sgd = TrainingSettings.parse(Map.of("optimizer", "sgd", "weight_decay", "0.01"));
        double[][] w = {w(), w()};
        double[][] g = {negSum(), negSum()};
        OptimizerSteps.apply(sgd, w, g, new double[2][2], new double[2][2], SCALE, LR, 1);
        assertArrayEquals(new double[] {1.025, -2.05}, w[0], 1e-15);
        assertArrayEquals(new double[] {1.024, -2.048}, w[1], 1e-15);
        // Adam through apply at step 2 with zero state: m = 0.1 g, s = 0.001 g^2, c1 = 0.19, c2 = 0.001999
        TrainingSettings adam = TrainingSettings.parse(Map.of("optimizer", "adam"));
        double[][] wa = {w()};
        OptimizerSteps.apply(adam, wa, new double[][] {negSum()}, new double[1][2], new double[1][2], SCALE, LR, 2);
        double mHat = 0.1 * -0.25 / 0.19;
        double sHat = 0.001 * 0.0625 / (1 - 0.998001);
        assertEquals(1 - LR * mHat / (Math.sqrt(sHat) + 1e-8), wa[0][0], 1e-12);
    }

    @Test
    void momentumDecaysTheWeightsTowardsZero() {
        // buf = [-0.07, 0.5] as above; w - lr (buf + 0.01 w) = [1 - 0.1 (-0.07 + 0.01), -2 - 0.1 (0.5 - 0.02)]
        double[] w = w();
        double[] buf = {0.2, 0.0};
        OptimizerSteps.momentum(w, negSum(), buf, SCALE, LR, 0.9, 0.01);
        assertArrayEquals(new double[] {1.006, -2.048}, w, 1e-15);
    }

    @Test
    void adamDecaysTheWeightsTowardsZero() {
        // step 1 as above, less lr * 0.01 * w = [0.001, -0.002]: [1.0999999960000002 - 0.001, -2.099999998 + 0.002]
        TrainingSettings adam = TrainingSettings.parse(Map.of("optimizer", "adam"));
        double[] w = w();
        OptimizerSteps.adam(w, negSum(), new double[2], new double[2], SCALE, LR, adam, 1 - 0.9, 1 - 0.999, 0.01);
        assertArrayEquals(new double[] {1.098999996, -2.097999998}, w, 1e-15);
    }

    @Test
    void applyUsesTheSettingsMomentum() {
        // beta 0.5 with buf = [0.2, 0]: buf = [0.1 - 0.25, 0.5] = [-0.15, 0.5]; w - lr buf = [1.015, -2.05]
        TrainingSettings momentum = TrainingSettings.parse(Map.of("optimizer", "momentum", "momentum", "0.5"));
        double[][] w = {w()};
        double[][] buf = {{0.2, 0.0}};
        OptimizerSteps.apply(momentum, w, new double[][] {negSum()}, buf, new double[1][2], SCALE, LR, 1);
        assertArrayEquals(new double[] {-0.15, 0.5}, buf[0], 1e-15);
        assertArrayEquals(new double[] {1.015, -2.05}, w[0], 1e-15);
    }
}
