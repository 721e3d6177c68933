package mlptrainer.letters;

/**
 * Maps the raw attributes of {@link Features} linearly to the integers 0..15 the data files hold:
 * raw value {@code lo} maps to 0, {@code hi} to 15, values between are rounded to the nearest
 * integer (halves up) and values outside are clamped. The ranges are fixed constants, chosen so that the
 * generated attributes spread over 0..15 much as the original data's do (for example x-box averages
 * about 4 and xybar about 8 in both); changing them changes every generated file.
 */
public final class FeatureScale {
    /** The largest scaled value. */
    public static final int MAX = 15;

    // {lo, hi} per attribute, in Features order; units are those of Features (pixels of a
    // Rasteriser.SIZE-pixel canvas, pixel counts, or box-normalised moments).
    private static final double[][] RANGE = {
        {6, 55},          // x-box: centre column
        {9.5, 36},        // y-box: centre row, upwards
        {-2, 85},         // width
        {9, 77},          // high
        {-80, 1430},      // onpix
        {-0.24, 0.23},    // x-bar
        {-0.18, 0.20},    // y-bar
        {0.045, 0.17},    // x2bar
        {0.045, 0.17},    // y2bar
        {-0.063, 0.066},  // xybar
        {-0.015, 0.023},  // x2ybr
        {-0.021, 0.016},  // xy2br
        {1.05, 3.95},     // x-ege
        {-0.25, 0.20},    // xegvy
        {0.9, 3.8},       // y-ege
        {-0.21, 0.21},    // yegvx
    };

    private FeatureScale() {
    }

    /** @return the 16 scaled attributes, each in 0..15 */
    public static int[] scale(double[] raw) {
        int[] out = new int[Features.COUNT];
        for (int i = 0; i < Features.COUNT; i++) {
            out[i] = scale(raw[i], RANGE[i][0], RANGE[i][1]);
        }
        return out;
    }

    /** @return {@code value} mapped linearly from [lo, hi] to 0..15, rounded half up and clamped */
    static int scale(double value, double lo, double hi) {
        long v = (long) Math.floor((value - lo) * MAX / (hi - lo) + 0.5);
        return (int) Math.max(0, Math.min(MAX, v));
    }
}
