package mlptrainer.data;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Random rows in the letters format (integer features 0..15, a label 0..k-1 last), for the
 * servers' start-up warm-ups: they push such files through the same reading, hashing and training
 * code as real data. Stateless and thread-safe.
 */
public final class SyntheticData {
    /** Feature values lie in 0..MAX_FEATURE, as in the letters data. */
    static final int MAX_FEATURE = 15;

    private SyntheticData() {
    }

    /**
     * @param rows     data rows
     * @param features integer features per row
     * @param classes  labels lie in 0..classes-1
     * @param seed     the same seed gives the same bytes
     * @return the file's contents: one comma-separated row per line
     */
    public static byte[] csv(int rows, int features, int classes, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        StringBuilder text = new StringBuilder(rows * (features * 3 + 4));
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < features; j++) {
                text.append(rnd.nextInt(MAX_FEATURE + 1)).append(',');
            }
            text.append(rnd.nextInt(classes)).append('\n');
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
