package mlptrainer.letters;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The Gamma and Dirichlet draws against their known moments, over many draws from fixed seeds (so they
 * never flake); the bounds are several standard errors wide.
 */
class DirichletTest {
    private static final int DRAWS = 20_000;

    @Test
    void meanProportionsAreTheConcentrationsShares() {
        double[] alpha = {0.1, 0.5, 1, 3};
        double total = 4.6;
        double[] mean = new double[alpha.length];
        Dirichlet dirichlet = new Dirichlet(7);
        for (int i = 0; i < DRAWS; i++) {
            double[] p = dirichlet.sample(alpha);
            double sum = 0;
            for (int j = 0; j < p.length; j++) {
                assertTrue(p[j] >= 0 && p[j] <= 1, "a proportion in [0, 1]: " + p[j]);
                sum += p[j];
                mean[j] += p[j] / DRAWS;
            }
            assertEquals(1, sum, 1e-12);
        }
        for (int j = 0; j < alpha.length; j++) {
            // standard error at most 0.2 / sqrt(20000) = 0.0014: 0.01 is 7 of them
            assertEquals(alpha[j] / total, mean[j], 0.01, "share of concentration " + alpha[j]);
        }
    }

    @Test
    void gammaDrawsHaveMeanAndVarianceEqualToTheShape() {
        for (double shape : new double[] {0.1, 0.7, 1, 2.5, 7}) {
            Dirichlet d = new Dirichlet(11);
            double sum = 0;
            double sumSquares = 0;
            for (int i = 0; i < DRAWS; i++) {
                double g = d.gamma(shape);
                assertTrue(g >= 0 && Double.isFinite(g), "shape " + shape + ": " + g);
                sum += g;
                sumSquares += g * g;
            }
            double mean = sum / DRAWS;
            double variance = sumSquares / DRAWS - mean * mean;
            assertEquals(shape, mean, 0.15 * shape, "mean of Gamma(" + shape + ")");
            assertEquals(shape, variance, 0.3 * shape, "variance of Gamma(" + shape + ")");
        }
    }

    @Test
    void tinyConcentrationsStayFiniteAndConcentrateOnOneShare() {
        Dirichlet dirichlet = new Dirichlet(3);
        double[] alpha = new double[11];
        java.util.Arrays.fill(alpha, 0.001); // U^(1/alpha) would underflow to 0 for every share
        int concentrated = 0;
        for (int i = 0; i < 1000; i++) {
            double[] p = dirichlet.sample(alpha);
            double max = 0;
            for (double x : p) {
                assertTrue(Double.isFinite(x), "finite");
                max = Math.max(max, x);
            }
            concentrated += max > 0.99 ? 1 : 0;
        }
        assertTrue(concentrated > 900, concentrated + " of 1000 draws put more than 99% on one share");
    }

    @Test
    void sameSeedSameDrawsAndBadShapesAreRefused() {
        double[] alpha = {0.5, 0.5, 0.5};
        assertArrayEquals(new Dirichlet(5).sample(alpha), new Dirichlet(5).sample(alpha));
        Dirichlet d = new Dirichlet(5);
        for (double bad : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThrows(IllegalArgumentException.class, () -> d.gamma(bad), "shape " + bad);
        }
        assertThrows(IllegalArgumentException.class, () -> d.sample(new double[0]));
    }
}
