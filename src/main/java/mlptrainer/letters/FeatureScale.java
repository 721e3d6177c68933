package mlptrainer.letters;

/**
 * Maps the raw attributes of {@link Features} linearly to the integers 0..15 the data files hold:
 * raw value {@code lo} maps to 0, {@code hi} to 15, values between are rounded to the nearest
 * integer (halves up) and values outside are clamped. The ranges are fixed constants, chosen so that over
 * 20,000 generated rows each attribute has the mean and standard deviation it has in the original data
 * (x-box: mean 4.0, sd 1.9; xybar: mean 8.3, sd 2.5...), so that a model meets inputs on the same scales
 * as the real ones; changing them changes every generated file.
 */
public final class FeatureScale {
    /** The largest scaled value. */
    public static final int MAX = 15;

    // {lo, hi} per attribute, in Features order; units are those of Features (pixels of a
    // Rasteriser.SIZE-pixel canvas, pixel counts, or box-normalised moments).
    private static final double[][] RANGE = {
        {5.79, 56.7},     // x-box
        {9.35, 36.1},     // y-box
        {-2.92, 89.6},    // width
        {8.05, 78.8},     // high
        {-121, 1610},     // onpix
        {-0.24, 0.232},   // x-bar
        {-0.189, 0.192},  // y-bar
        {0.0436, 0.163},  // x2bar
        {0.0446, 0.164},  // y2bar
        {-0.075, 0.075},  // xybar
        {-0.0148, 0.0206}, // x2ybr
        {-0.0221, 0.0181}, // xy2br
        {1.06, 3.75},     // x-ege
        {-0.277, 0.214},  // xegvy
        {0.966, 3.62},    // y-ege
        {-0.237, 0.221},  // yegvx
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
