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
        {5.84, 56.6},     // x-box
        {9.37, 36.4},     // y-box
        {-2.49, 88.8},    // width
        {7.97, 79.9},     // high
        {-106, 1520},     // onpix
        {-0.234, 0.224},  // x-bar
        {-0.183, 0.189},  // y-bar
        {0.045, 0.164},   // x2bar
        {0.0465, 0.164},  // y2bar
        {-0.0695, 0.0697}, // xybar
        {-0.0149, 0.0213}, // x2ybr
        {-0.0215, 0.0174}, // xy2br
        {0.961, 4.85},    // x-ege
        {-0.283, 0.22},   // xegvy
        {0.842, 4.53},    // y-ege
        {-0.242, 0.23},   // yegvx
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
