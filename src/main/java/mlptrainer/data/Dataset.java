package mlptrainer.data;

import java.util.Arrays;

/**
 * Labelled rows of numeric features held in one flat row-major array, the layout the MLP kernel
 * reads in its hot loops. Immutable once built: the arrays are never handed out for writing, so
 * one instance may be shared between threads (a node trains several tasks on one cached shard).
 */
public final class Dataset {
    private final String source;
    private final int rows;
    private final int features;
    private final double[] x;
    private final int[] labels;
    private final boolean wholeNumbers;

    /** A dataset whose features count as whole numbers (see {@link #wholeNumbers()}). */
    public Dataset(String source, int features, double[] x, int[] labels) {
        this(source, features, x, labels, true);
    }

    /**
     * @param source   where the rows came from (a file name), for messages
     * @param features number of features per row (d)
     * @param x        rows * features values, row-major; kept, not copied
     * @param labels   one class label per row; kept, not copied
     * @param wholeNumbers whether its file wrote every feature as an int (see {@link #wholeNumbers()})
     */
    public Dataset(String source, int features, double[] x, int[] labels, boolean wholeNumbers) {
        if (features < 1) {
            throw new IllegalArgumentException(source + ": features must be >= 1, got " + features);
        }
        if (x.length != (long) labels.length * features) {
            throw new IllegalArgumentException(source + ": " + x.length + " feature values do not fit "
                    + labels.length + " rows of " + features);
        }
        this.source = source;
        this.rows = labels.length;
        this.features = features;
        this.x = x;
        this.labels = labels;
        this.wholeNumbers = wholeNumbers;
    }

    public String source() {
        return source;
    }

    public int rows() {
        return rows;
    }

    /** @return d, the number of features per row */
    public int features() {
        return features;
    }

    /**
     * @return true when every feature was written as an int in its file, the only values the
     *         original's programs (and earlier versions of this program) read; false when one was a
     *         decimal, an exponent or beyond an int. Datasets not read from a file say true. Not
     *         part of {@link #equals}: it describes the text, not the values.
     */
    public boolean wholeNumbers() {
        return wholeNumbers;
    }

    /** @return feature j of row i */
    public double feature(int row, int j) {
        return x[row * features + j];
    }

    public int label(int row) {
        return labels[row];
    }

    /** @return the largest label, or -1 for no rows */
    public int maxLabel() {
        int max = -1;
        for (int label : labels) {
            max = Math.max(max, label);
        }
        return max;
    }

    /**
     * The backing row-major feature array, for kernels that read it in place.
     * Callers must not write to it.
     */
    public double[] featuresUnsafe() {
        return x;
    }

    /** The backing label array, for kernels that read it in place. Callers must not write to it. */
    public int[] labelsUnsafe() {
        return labels;
    }

    /** @return a dataset of the given rows, in the given order (copies) */
    public Dataset select(int[] rowIndices) {
        double[] nx = new double[rowIndices.length * features];
        int[] nl = new int[rowIndices.length];
        for (int r = 0; r < rowIndices.length; r++) {
            System.arraycopy(x, rowIndices[r] * features, nx, r * features, features);
            nl[r] = labels[rowIndices[r]];
        }
        return new Dataset(source, features, nx, nl, wholeNumbers);
    }

    @Override
    public String toString() {
        return source + " (" + rows + " rows x " + features + " features)";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Dataset other && features == other.features
                && Arrays.equals(x, other.x) && Arrays.equals(labels, other.labels);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(x) + Arrays.hashCode(labels);
    }
}
