package mlptrainer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import mlptrainer.data.Dataset;
import org.junit.jupiter.api.Test;

/** The trainers' input checks: each refusal names the file, the 1-based row and feature, and the bound. */
class ChecksTest {
    private static final MlpWeights D2_K3 = new MlpWeights(2, 1, 3, new double[3], new double[6]);

    private static String refusal(double[] x, int[] labels) {
        Dataset data = new Dataset("s.txt", 2, x, labels);
        return assertThrows(IllegalArgumentException.class, () -> Checks.datasetFits(data, D2_K3)).getMessage();
    }

    @Test
    void labelsOutsideTheWeightsClassesAreRefusedWithTheirRow() {
        assertEquals("s.txt row 2 has label 3 but the weights have k=3 classes (labels 0..2)",
                refusal(new double[] {1, 2, 3, 4}, new int[] {2, 3}));
        assertEquals("s.txt row 1 has label -1 but the weights have k=3 classes (labels 0..2)",
                refusal(new double[] {1, 2, 3, 4}, new int[] {-1, 0}));
    }

    @Test
    void nonFiniteFeaturesAreRefusedWithTheirRowAndColumn() {
        assertEquals("s.txt row 2 feature 1 is not finite: NaN",
                refusal(new double[] {1, 2, Double.NaN, 4}, new int[] {0, 0}));
        assertEquals("s.txt row 3 feature 2 is not finite: Infinity",
                refusal(new double[] {1, 2, 3, 4, 5, Double.POSITIVE_INFINITY}, new int[] {0, 0, 0}));
    }

    @Test
    void aDatasetOfOtherWidthIsRefused() {
        Dataset data = new Dataset("s.txt", 3, new double[3], new int[1]);
        assertEquals("s.txt has d=3 features but the weights expect d=2",
                assertThrows(IllegalArgumentException.class, () -> Checks.datasetFits(data, D2_K3)).getMessage());
        Checks.datasetFits(new Dataset("s.txt", 2, new double[] {0, 1, 2, 3}, new int[] {0, 2}), D2_K3);
    }
}
