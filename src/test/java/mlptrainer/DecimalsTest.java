package mlptrainer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link Decimals} writes what the Formatter writes, so no log line changes. */
class DecimalsTest {

    private static void assertLikeFormatter(double x) {
        assertEquals(String.format(Locale.ROOT, "%.4f", x), Decimals.fourPlaces(x), "x = " + x);
    }

    @Test
    void everyErrorRateOfTheLettersShardsAndValidationSetPrintsAsTheFormatter() {
        for (int n : new int[] {1500, 3500, 16500, 7}) {
            for (int k = 0; k <= n; k++) {
                assertLikeFormatter((double) k / n);
            }
        }
    }

    @Test
    void randomValuesSignsAndEdgesPrintAsTheFormatter() {
        SplittableRandom random = new SplittableRandom(4);
        for (int i = 0; i < 100_000; i++) {
            double magnitude = Math.pow(10, random.nextDouble(-6, 9));
            assertLikeFormatter(random.nextBoolean() ? magnitude : -magnitude);
        }
        for (double x : new double[] {0.0, -0.0, -0.00001, 0.00005, 0.99995, 9.99995, 0.12345, 2.5e-5, 999_999.99995,
                1e6, -3e15, Double.NaN,
                Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE, Double.MAX_VALUE}) {
            assertLikeFormatter(x);
        }
    }

    @Test
    void durationsPrintInMillisecondsWithTwoDecimalsRoundedHalfUp() {
        assertEquals("0.00", Decimals.millisFromNanos(0));
        assertEquals("0.00", Decimals.millisFromNanos(-7));
        assertEquals("0.01", Decimals.millisFromNanos(5_000));
        assertEquals("0.00", Decimals.millisFromNanos(4_999));
        assertEquals("0.31", Decimals.millisFromNanos(312_345));
        assertEquals("1.05", Decimals.millisFromNanos(1_050_000));
        assertEquals("61.24", Decimals.millisFromNanos(61_235_000));
        assertEquals("1234.57", Decimals.millisFromNanos(1_234_567_890));
    }
}
