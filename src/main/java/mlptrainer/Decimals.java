package mlptrainer;

import java.util.Locale;

/**
 * Decimal text for the lines the servers log once per task or round, without
 * {@link java.util.Formatter}: code that runs that rarely stays in the JVM's interpreter, where
 * {@code String.format("%.4f", x)} parses its pattern with regular expressions on every call, some
 * twenty times the cost of this (docs/benchmarks.md). Independent of the default
 * locale (String.format without a locale writes "0,2507" in a German one). Stateless and
 * thread-safe.
 */
public final class Decimals {
    private static final long SCALE = 10_000;
    /** Below this, x * 10^4 is within 2e-6 of its exact value, well inside {@link #NEAR_HALF}. */
    private static final double LARGEST_FAST = 1e6;
    /** x * 10^4 this close to a half is left to the Formatter, which rounds the shortest decimal of x. */
    private static final double NEAR_HALF = 1e-5;

    private Decimals() {
    }

    /**
     * @return x with four decimals, the same text as {@code String.format(Locale.ROOT, "%.4f", x)}:
     *         computed here when x * 10^4 is clearly on one side of a half, else (NaN, the
     *         infinities, |x| of a million or more, a last digit within 1e-5 of a tie) by the
     *         Formatter itself
     */
    public static String fourPlaces(double x) {
        double magnitude = Math.abs(x);
        double scaled = magnitude * SCALE;
        if (!(magnitude < LARGEST_FAST) || Math.abs(scaled - Math.floor(scaled) - 0.5) < NEAR_HALF) {
            return String.format(Locale.ROOT, "%.4f", x);
        }
        long units = Math.round(scaled);
        StringBuilder out = new StringBuilder(24);
        if (Double.doubleToRawLongBits(x) < 0) { // the sign bit: -0.0 and tiny negatives print "-0.0000", as the Formatter
            out.append('-');
        }
        out.append(units / SCALE).append('.');
        String fraction = Long.toString(units % SCALE);
        for (int pad = fraction.length(); pad < 4; pad++) {
            out.append('0');
        }
        return out.append(fraction).toString();
    }

    /**
     * @param nanos a duration in nanoseconds (a negative one counts as 0)
     * @return it in milliseconds with two decimals, half up ("0.31", "61.24"): tasks on small
     *         shards take under a millisecond, which whole milliseconds would show as 0
     */
    public static String millisFromNanos(long nanos) {
        long hundredths = (Math.max(0, nanos) + 5_000) / 10_000;
        long cents = hundredths % 100;
        return hundredths / 100 + (cents < 10 ? ".0" : ".") + cents;
    }
}
