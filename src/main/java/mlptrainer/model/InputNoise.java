package mlptrainer.model;

import java.util.SplittableRandom;

/**
 * Input noise for one task's mini-batches: copies of a batch's rows with fresh uniform noise of a
 * given standard deviation on every input, drawn from a stream seeded by the task's shuffle seed
 * (a stream of its own, so the row order is the same with and without noise). Uniform noise on
 * [-a, a) with a = std sqrt(3): one draw and plain IEEE arithmetic per input, so a task repeats to
 * the bit on every machine. Not thread-safe; buffers are kept from batch to batch.
 */
final class InputNoise {
    /** Mixed into the shuffle seed, so the noise stream is not the shuffle's. */
    private static final long STREAM = 0x9E3779B97F4A7C15L;
    private double amplitude;
    private SplittableRandom random;
    private double[] x = new double[0];
    private int[] labels = new int[0];
    private int[] rows = new int[0];

    /** Starts a task: std 0 turns the noise off. */
    void start(double std, long shuffleSeed) {
        amplitude = std * Math.sqrt(3);
        random = std == 0 ? null : new SplittableRandom(shuffleSeed ^ STREAM);
    }

    boolean active() {
        return random != null;
    }

    /**
     * Copies rows order[from..from+count) of (x, labels) with noise: afterwards row r of
     * {@link #features()} and {@link #labels()} is the batch's r-th row, and {@link #rows()} lists 0..count-1.
     */
    void fill(double[] source, int[] sourceLabels, int d, int[] order, int from, int count) {
        ensure(count, d);
        for (int r = 0; r < count; r++) {
            int row = order[from + r];
            labels[r] = sourceLabels[row];
            for (int j = 0; j < d; j++) {
                x[r * d + j] = source[row * d + j] + amplitude * (2 * random.nextDouble() - 1);
            }
        }
    }

    double[] features() {
        return x;
    }

    int[] labels() {
        return labels;
    }

    int[] rows() {
        return rows;
    }

    private void ensure(int count, int d) {
        if (x.length < count * d) {
            x = new double[count * d];
        }
        if (rows.length < count) {
            labels = new int[count];
            rows = new int[count];
            for (int r = 0; r < count; r++) {
                rows[r] = r;
            }
        }
    }
}
