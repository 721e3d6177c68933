package mlptrainer.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import mlptrainer.data.Dataset;
import org.junit.jupiter.api.Test;

/**
 * Edges of the arithmetic that random data never reaches, with values computed by hand: the
 * ReLU's derivative at exactly 0 (taken as 1, as the reference's {@code A >= 0}) and the class
 * chosen on a tie (the lowest, as numpy's argmax). Each case runs with one row (the scalar loops)
 * and with 16 rows (the vector kernel, when the JVM has it).
 */
class KernelEdgesTest {

    /** One input, one hidden unit, two classes: W all zero, so the hidden unit's input is exactly 0. */
    private static MlpWeights zeroPreActivation() {
        double[] w = {0.0, 0.0};             // bias row, then the input's row
        double[] v = {0.0, 0.0, 1.0, -1.0};  // bias row, then the hidden unit's row
        return new MlpWeights(1, 1, 2, w, v);
    }

    private static Dataset rows(int n, double feature, int label) {
        double[] x = new double[n];
        Arrays.fill(x, feature);
        int[] labels = new int[n];
        Arrays.fill(labels, label);
        return new Dataset("edges", 1, x, labels);
    }

    /**
     * a = 0, z = 0, so the outputs are [0, 0] and Y = [1/2, 1/2]; with label 0, D = R - Y =
     * [1/2, -1/2] and D V[1:]^T = 1/2 * 1 + (-1/2)(-1) = 1. With the derivative 1 at 0, each row adds
     * [1, x] = [1, 2] to W's negative gradient, and one full-batch step with eta 0.1 over n rows moves
     * W to 0.1 n [1, 2]; V's bias row moves by 0.1 n [1/2, -1/2] and its hidden row not at all (z = 0).
     */
    @Test
    void reluDerivativeAtZeroIsOne() {
        for (int n : new int[] {1, 16}) {
            MlpWeights out = new CourseTrainer().train(rows(n, 2.0, 0), zeroPreActivation(), 0.1, 1, false)
                    .weights();
            assertArrayEquals(new double[] {0.1 * n, 0.1 * 2 * n}, out.w(), 1e-15, n + " rows: W");
            assertArrayEquals(new double[] {0.05 * n, -0.05 * n, 1.0, -1.0}, out.v(), 1e-15, n + " rows: V");
        }
    }

    /** V's bias row [0, 1, 1] and nothing else: classes 1 and 2 tie above class 0 for every row. */
    private static MlpWeights tieBetweenOneAndTwo() {
        double[] w = {0.5, 0.25};
        double[] v = {0.0, 1.0, 1.0, 0.0, 0.0, 0.0};
        return new MlpWeights(1, 1, 3, w, v);
    }

    @Test
    void aTieGoesToTheLowestClass() {
        MlpWeights m = tieBetweenOneAndTwo();
        assertEquals(1, Evaluator.predict(m, new double[] {7.0, 3.0}, 1));
        for (int n : new int[] {1, 16}) {
            int[] expected = new int[n];
            Arrays.fill(expected, 1);
            assertArrayEquals(expected, Evaluator.predict(rows(n, 3.0, 2), m), n + " rows");
            assertEquals(0.0, Evaluator.errorRate(rows(n, 3.0, 1), m));
            assertEquals(1.0, Evaluator.errorRate(rows(n, 3.0, 2), m));
        }
    }

    @Test
    void argmaxTakesTheFirstOfEqualMaximaAndLooksOnlyAtKClasses() {
        assertEquals(1, MlpKernel.argmax(new double[] {0.2, 0.5, 0.5, 0.1}, 4));
        assertEquals(3, MlpKernel.argmax(new double[] {0.2, 0.5, 0.5, 0.7}, 4));
        assertEquals(0, MlpKernel.argmax(new double[] {0.4, 0.3, 0.3, 0.9}, 3));
    }

    @Test
    void errorRateCountsMismatchesOverTheFirstNRows() {
        assertEquals(0.5, Evaluator.errorRate(new int[] {1, 2, 3, 9}, new int[] {1, 0, 3, 0}, 4));
        assertEquals(1.0 / 3, Evaluator.errorRate(new int[] {1, 2, 3, 9}, new int[] {1, 0, 3, 0}, 3));
        assertEquals(0.0, Evaluator.errorRate(new int[0], new int[0], 0));
    }

    @Test
    void predictRefusesAnOffsetWithoutAWholeRowAfterIt() {
        MlpWeights m = new MlpWeights(2, 1, 2, new double[3], new double[4]);
        assertThrows(IllegalArgumentException.class, () -> Evaluator.predict(m, new double[] {1, 2}, -1));
        assertThrows(IllegalArgumentException.class, () -> Evaluator.predict(m, new double[] {1, 2}, 1));
        assertEquals(0, Evaluator.predict(m, new double[] {1, 2}, 0));
        assertThrows(IllegalArgumentException.class,
                () -> Evaluator.errorRate(new Dataset("empty", 2, new double[0], new int[0]), m));
    }
}
