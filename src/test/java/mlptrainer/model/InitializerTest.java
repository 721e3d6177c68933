package mlptrainer.model;

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

    @Test
    void uniformIsTheCourseInitialisation() {
        assertEquals(MlpWeights.initUniform(16, 24, 26, 5), Initializer.UNIFORM.create(16, 24, 26, 5));
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
