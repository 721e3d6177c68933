package mlptrainer.bench;

import mlptrainer.data.Dataset;

/**
 * Synthetic wide data for the benchmarks: rows of 784 pixel-like values (integers 0..255 scaled
 * to 0..1, mostly zero, as handwritten digits) whose pattern depends on one of 10 classes. Made by
 * integer arithmetic that scripts/bench-wide.py repeats exactly, so both sides train on the same
 * numbers without a download.
 */
final class WideData {
    static final int FEATURES = 784;
    static final int CLASSES = 10;

    private WideData() {
    }

    /** rows x 784: row i has label (7i + 3) mod 10 and pixel j {@link #pixel}(i, j, label) / 255. */
    static Dataset synthetic(int rows) {
        double[] x = new double[rows * FEATURES];
        int[] labels = new int[rows];
        for (int i = 0; i < rows; i++) {
            int label = (7 * i + 3) % CLASSES;
            labels[i] = label;
            for (int j = 0; j < FEATURES; j++) {
                x[i * FEATURES + j] = pixel(i, j, label) / 255.0;
            }
        }
        return new Dataset("synthetic-wide", FEATURES, x, labels, false);
    }

    /** A value 0..255: a class's stroke pattern (about 30% of the pixels lit) plus per-row noise. */
    static int pixel(int i, int j, int label) {
        long hash = ((long) i * 2654435761L + (long) j * 40503L + (long) label * 9973L) & 0xFFFFFFFFL;
        int noise = (int) ((hash >>> 13) % 64);
        boolean stroke = (j * 7 + label * 13 + j / 28 * label) % 10 < 3;
        return stroke ? Math.min(255, 150 + (j * 31 + label * 57) % 60 + noise) : (noise < 4 ? noise * 16 : 0);
    }
}
