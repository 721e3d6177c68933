package mlptrainer.aggregation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Two rounds of each server optimiser, worked out by hand from Reddi et al.'s Algorithm 2 and FedAvgM's rule. */
class ServerOptimizerTest {

    @Test
    void momentumAccumulatesDeltas() {
        ServerMomentum opt = new ServerMomentum(0.5, 0.5);
        double[] x = {1, 1, 1, 1};
        opt.stepInPlace(x, new double[] {2, -2, 0.5, 0});
        // v = {2, -2, 0.5, 0}; x += 0.5 v
        assertArrayEquals(new double[] {2, 0, 1.25, 1}, x);
        opt.stepInPlace(x, new double[] {2, 2, 0.5, 1});
        // v = 0.5 {2, -2, 0.5, 0} + {2, 2, 0.5, 1} = {3, 1, 0.75, 1}; x += 0.5 v
        assertArrayEquals(new double[] {3.5, 0.5, 1.625, 1.5}, x);
    }

    @Test
    void momentumZeroWithUnitRateAddsTheDelta() {
        ServerMomentum opt = new ServerMomentum(1, 0);
        double[] x = {1, 2, 3, 4};
        opt.stepInPlace(x, new double[] {0.5, 0.5, -1, 0});
        assertArrayEquals(new double[] {1.5, 2.5, 2, 4}, x);
    }

    @Test
    void adagradSumsSquaresFromTauSquared() {
        // eta 2, beta1 0.5, tau 3: v starts at 9
        ServerOptimizer opt = new AdaptiveServerOptimizer(AdaptiveServerOptimizer.Rule.ADAGRAD, 2, 0.5, 0, 3);
        double[] x = {0, 0, 0, 0};
        opt.stepInPlace(x, new double[] {4, -4, 0, 0});
        // m = {2, -2, 0, 0}; v = {9+16, 9+16, 9, 9} = {25, 25, 9, 9}; x += 2 m / (sqrt v + 3) = 2 {2/8, -2/8, 0, 0}
        assertArrayEquals(new double[] {0.5, -0.5, 0, 0}, x);
        opt.stepInPlace(x, new double[] {0, 0, 4, 0});
        // m = {1, -1, 2, 0}; v = {25, 25, 25, 9}; x += 2 {1/8, -1/8, 2/8, 0}
        assertArrayEquals(new double[] {0.75, -0.75, 0.5, 0}, x);
    }

    @Test
    void adamDecaysBothMoments() {
        // eta 1, beta1 0.5, beta2 0.5, tau 0.5: v starts at 0.25
        ServerOptimizer opt = new AdaptiveServerOptimizer(AdaptiveServerOptimizer.Rule.ADAM, 1, 0.5, 0.5, 0.5);
        double[] x = {0, 0, 0, 0};
        opt.stepInPlace(x, new double[] {0.5, -0.5, 3.5, 0});
        // m = {0.25, -0.25, 1.75, 0}; v = 0.125 + 0.5 d^2 = {0.25, 0.25, 6.25, 0.125}
        // x += m / (sqrt v + 0.5) = {0.25 / 1, -0.25 / 1, 1.75 / 3, 0}
        assertArrayEquals(new double[] {0.25, -0.25, 1.75 / 3, 0}, x);
        opt.stepInPlace(x, new double[] {0.5, 0.5, 0, 0});
        // m = {0.375, 0.125, 0.875, 0}; v = {0.25, 0.25, 3.125, 0.0625}; sqrt {0.5, 0.5, ., 0.25}
        // x += {0.375 / 1, 0.125 / 1, 0.875 / (sqrt 3.125 + 0.5), 0}
        assertArrayEquals(new double[] {0.625, -0.125, 1.75 / 3 + 0.875 / (Math.sqrt(3.125) + 0.5), 0}, x);
    }

    @Test
    void yogiMovesTheSecondMomentTowardsTheSquare() {
        // eta 1, beta1 0.5, beta2 0.5, tau 0.5: v starts at 0.25
        ServerOptimizer opt = new AdaptiveServerOptimizer(AdaptiveServerOptimizer.Rule.YOGI, 1, 0.5, 0.5, 0.5);
        double[] x = {0, 0, 0, 0};
        opt.stepInPlace(x, new double[] {2, -2, 0.5, 0});
        // d^2 = {4, 4, 0.25, 0}; sign(0.25 - d^2) = {-1, -1, 0, 1}; v = 0.25 - 0.5 d^2 sign = {2.25, 2.25, 0.25, 0.25}
        // m = {1, -1, 0.25, 0}; x += m / (sqrt v + 0.5) = {1/2, -1/2, 0.25/1, 0}
        assertArrayEquals(new double[] {0.5, -0.5, 0.25, 0}, x);
        opt.stepInPlace(x, new double[] {1, 0, 0.5, 2});
        // d^2 = {1, 0, 0.25, 4}; sign(v - d^2) = {1, 1, 0, -1}: v = {2.25 - 0.5, 2.25, 0.25, 0.25 + 2}
        // = {1.75, 2.25, 0.25, 2.25}: the first coordinate's v shrinks (Adam's would too, Adagrad's not)
        // m = {1, -0.5, 0.375, 1}; x += {1 / (sqrt 1.75 + 0.5), -0.5/2, 0.375/1, 1/2}
        assertArrayEquals(new double[] {0.5 + 1 / (Math.sqrt(1.75) + 0.5), -0.75, 0.625, 0.5}, x);
    }

    @Test
    void stateKeepsTheFirstLengthAndDeltasMustBeFinite() {
        ServerOptimizer opt = new AdaptiveServerOptimizer(AdaptiveServerOptimizer.Rule.ADAM, 1, 0.9, 0.99, 1e-3);
        opt.stepInPlace(new double[4], new double[4]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> opt.stepInPlace(new double[3], new double[3]));
        assertEquals("the weight block has 3 values, the optimiser's state 4", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> opt.stepInPlace(new double[4], new double[] {0, Double.NaN, 0, 0}));
        assertThrows(IllegalArgumentException.class, () -> new ServerMomentum(1, 1));
        assertThrows(IllegalArgumentException.class,
                () -> new AdaptiveServerOptimizer(AdaptiveServerOptimizer.Rule.YOGI, 1, 0.9, 0.99, 0));
    }
}
