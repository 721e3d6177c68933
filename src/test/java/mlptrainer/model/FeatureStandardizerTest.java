package mlptrainer.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import mlptrainer.data.Dataset;

class FeatureStandardizerTest {

    @Test
    void fitsMeanAndPopulationStdOverAllDatasets() {
        // feature 0: 1, 3 | 5 -> mean 3, variance (4 + 0 + 4) / 3 = 8/3; feature 1 constant 7 -> scale 1
        Dataset a = new Dataset("a", 2, new double[] {1, 7, 3, 7}, new int[] {0, 1});
        Dataset b = new Dataset("b", 2, new double[] {5, 7}, new int[] {1});
        FeatureStandardizer s = FeatureStandardizer.fit(List.of(a, b));
        assertArrayEquals(new double[] {3, 7}, s.mean(), 1e-15);
        assertArrayEquals(new double[] {Math.sqrt(8.0 / 3), 1}, s.scale(), 1e-15);
        Dataset out = s.apply(b);
        assertEquals(2 / Math.sqrt(8.0 / 3), out.feature(0, 0), 1e-15);
        assertEquals(0.0, out.feature(0, 1));
        assertArrayEquals(b.labelsUnsafe(), out.labelsUnsafe());
        assertArrayEquals(new double[] {5, 7}, b.featuresUnsafe()); // the input is untouched
    }

    @Test
    void standardisedDataHaveZeroMeanAndUnitStd() {
        Dataset data = ModelFixtures.randomDataset(500, 4, 3, 1);
        Dataset out = FeatureStandardizer.fit(List.of(data)).apply(data);
        FeatureStandardizer again = FeatureStandardizer.fit(List.of(out));
        for (int j = 0; j < 4; j++) {
            assertEquals(0.0, again.mean()[j], 1e-12);
            assertEquals(1.0, again.scale()[j], 1e-12);
        }
    }

    @Test
    void refusesMismatchedFeatureCountsNamingBoth() {
        Dataset a = new Dataset("a", 2, new double[] {1, 2}, new int[] {0});
        Dataset b = new Dataset("b", 3, new double[] {1, 2, 3}, new int[] {0});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FeatureStandardizer.fit(List.of(a, b)));
        assertTrue(e.getMessage().contains("d=3") && e.getMessage().contains("d=2"), e.getMessage());
        FeatureStandardizer s = FeatureStandardizer.fit(List.of(a));
        assertThrows(IllegalArgumentException.class, () -> s.apply(b));
        assertThrows(IllegalArgumentException.class, () -> new FeatureStandardizer(new double[] {0}, new double[] {0}));
        assertThrows(IllegalArgumentException.class, () -> FeatureStandardizer.fit(List.of()));
    }
}
