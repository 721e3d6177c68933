package mlptrainer.aggregation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The moving average of the rounds' weights, worked out by hand. */
class ExponentialAverageTest {

    @Test
    void theFirstWeightsStartTheAverageAndLaterOnesAreBlendedIn() {
        ExponentialAverage ema = new ExponentialAverage(0.75);
        double[] first = {4, -8, 0};
        assertArrayEquals(new double[] {4, -8, 0}, ema.add(first));
        first[0] = 100; // the average is a copy
        // 0.75 a + 0.25 w
        assertArrayEquals(new double[] {5, -5, 1}, ema.add(new double[] {8, 4, 4}));
        assertArrayEquals(new double[] {3.75, -3.75, 0.75}, ema.add(new double[] {0, 0, 0}));
    }

    @Test
    void decayZeroIsTheLatestWeights() {
        ExponentialAverage ema = new ExponentialAverage(0);
        ema.add(new double[] {1, 2});
        assertArrayEquals(new double[] {-3, 0.5}, ema.add(new double[] {-3, 0.5}));
    }

    @Test
    void badDecaysLengthsAndValuesAreRefused() {
        for (double bad : new double[] {1, -0.1, Double.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new ExponentialAverage(bad));
            assertTrue(e.getMessage().startsWith("ema must be in [0, 1)"), e.getMessage());
        }
        ExponentialAverage ema = new ExponentialAverage(0.5);
        ema.add(new double[] {1, 2});
        IllegalArgumentException length = assertThrows(IllegalArgumentException.class,
                () -> ema.add(new double[] {1, 2, 3}));
        assertTrue(length.getMessage().contains("3 values") && length.getMessage().contains("2"), length.getMessage());
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> ema.add(new double[] {1, Double.POSITIVE_INFINITY}));
        assertTrue(nan.getMessage().contains("Infinity at index 1"), nan.getMessage());
        assertArrayEquals(new double[] {1.5, 2}, ema.add(new double[] {2, 2}), "a refused call changes nothing");
    }
}
