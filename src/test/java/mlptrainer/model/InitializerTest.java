package mlptrainer.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class InitializerTest {

    @Test
    void heHasZeroBiasesAndStdSqrtTwoOverFanIn() {
        MlpWeights m = Initializer.HE.create(16, 400, 26, 7);
        for (int j = 0; j < 400; j++) {
            assertEquals(0.0, m.w()[j]); // bias row of W
        }
        for (int c = 0; c < 26; c++) {
            assertEquals(0.0, m.v()[c]); // bias row of V
        }
        // 6400 draws: the sample std is within 5% of sqrt(2/16) with overwhelming probability
        assertEquals(Math.sqrt(2.0 / 16), std(m.w(), 400), 0.05 * Math.sqrt(2.0 / 16));
        assertEquals(Math.sqrt(2.0 / 400), std(m.v(), 26), 0.05 * Math.sqrt(2.0 / 400));
        assertEquals(m, MlpWeights.initHe(16, 400, 26, 7));
        assertNotEquals(m, MlpWeights.initHe(16, 400, 26, 8));
    }

    @Test
    void xavierIsBoundedBySqrtSixOverFanInPlusFanOut() {
        MlpWeights m = Initializer.XAVIER.create(16, 64, 26, 3);
        double bound = Math.sqrt(6.0 / (16 + 64));
        double max = 0;
        for (int i = 64; i < m.w().length; i++) {
            max = Math.max(max, Math.abs(m.w()[i]));
        }
        assertTrue(max <= bound && max > 0.9 * bound, "max |W| " + max + " bound " + bound);
        assertEquals(0.0, m.v()[0]);
    }

    /**
     * The course's draw: V first, then W, each -0.01 + 0.02 u with u from {@code new Random(5)}.
     * The values come from a python3 copy of java.util.Random's generator (48-bit LCG,
     * nextDouble = (next(26) * 2^27 + next(27)) / 2^53) and the same formula, not from this code.
     */
    @Test
    void uniformIsTheCourseInitialisation() {
        MlpWeights m = Initializer.UNIFORM.create(1, 1, 1, 5);
        assertArrayEquals(new double[] {0.004610397272289419, -0.008234831806475482}, m.v());
        assertArrayEquals(new double[] {-0.0002219090029672837, -0.00076325570752926}, m.w());
    }

    @Test
    void uniformCoversMinusOneHundredthToOneHundredth() {
        MlpWeights m = Initializer.UNIFORM.create(16, 400, 26, 3);
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (double[] a : new double[][] {m.w(), m.v()}) {
            for (double x : a) {
                min = Math.min(min, x);
                max = Math.max(max, x);
            }
        }
        // 17,227 draws: the extremes come within 1e-5 of the ends with overwhelming probability
        assertTrue(min >= -0.01 && min < -0.00999, "min " + min);
        assertTrue(max < 0.01 && max > 0.00999, "max " + max);
    }

    /**
     * Xavier with d = 4, h = 3, k = 2 and seed 9: V's rows after the bias row uniform in
     * +-sqrt(6 / (3 + 2)), drawn first, then W's in +-sqrt(6 / (4 + 3)); bias rows zero. Values from
     * the same python3 copy of java.util.Random as above, as bound * (2 u - 1).
     */
    @Test
    void xavierDrawsVThenWEachWithItsOwnBound() {
        MlpWeights m = Initializer.XAVIER.create(4, 3, 2, 9);
        assertArrayEquals(new double[] {0.0, 0.0, 0.5042586943474017, 0.5837320138999222, 0.5917468066054984,
                0.19927762048406367, 0.9408578457452675, -0.2425151729150315}, m.v());
        assertArrayEquals(new double[] {0.0, 0.0, 0.0, 0.17003574843932862, 0.14823534673379915,
                -0.016120247582289082, 0.7475920638562519, -0.23157122079032888, -0.7471642985868433,
                -0.048697949547285284, -0.23618119460938128, 0.3143821744660576, -0.5204440108497729,
                -0.7348995373899126, -0.16747902626754135}, m.w());
    }

    private static double std(double[] a, int skip) {
        double sum = 0;
        double sq = 0;
        int n = a.length - skip;
        for (int i = skip; i < a.length; i++) {
            sum += a[i];
            sq += a[i] * a[i];
        }
        double mean = sum / n;
        return Math.sqrt(sq / n - mean * mean);
    }
}
