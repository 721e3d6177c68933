package mlptrainer.model;

import java.util.List;

import mlptrainer.data.Dataset;

/**
 * Per-feature standardisation x' = (x - mean) / scale, scale being the population standard
 * deviation (numpy's std, ddof 0) or 1 for a constant feature. The coordinator fits it once over
 * all training shards and sends mean and scale with each task; nodes and the validation set apply
 * the same statistics. Immutable and thread-safe.
 */
public final class FeatureStandardizer {
    private final double[] mean;
    private final double[] scale;

    /**
     * @throws IllegalArgumentException when the lengths differ or a value is not finite or a scale is not > 0
     */
    public FeatureStandardizer(double[] mean, double[] scale) {
        if (mean.length != scale.length) {
            throw new IllegalArgumentException("mean has " + mean.length + " features but scale has " + scale.length);
        }
        for (int j = 0; j < mean.length; j++) {
            if (!Double.isFinite(mean[j]) || !Double.isFinite(scale[j]) || !(scale[j] > 0)) {
                throw new IllegalArgumentException("feature " + j + ": mean " + mean[j] + " and scale " + scale[j]
                        + " must be finite with scale > 0");
            }
        }
        this.mean = mean.clone();
        this.scale = scale.clone();
    }

    /**
     * Two passes (mean, then the mean squared deviation) over the datasets in list order and
     * their rows in file order, so the statistics are the same bits on every machine.
     *
     * @throws IllegalArgumentException when the list is empty, holds no rows, or feature counts differ
     */
    public static FeatureStandardizer fit(List<Dataset> datasets) {
        if (datasets.isEmpty()) {
            throw new IllegalArgumentException("no datasets to fit the standardisation on");
        }
        int d = datasets.get(0).features();
        long rows = 0;
        double[] sum = new double[d];
        for (Dataset data : datasets) {
            if (data.features() != d) {
                throw new IllegalArgumentException(data.source() + " has d=" + data.features() + " features but "
                        + datasets.get(0).source() + " has d=" + d);
            }
            accumulate(data, null, sum);
            rows += data.rows();
        }
        if (rows == 0) {
            throw new IllegalArgumentException("no rows to fit the standardisation on");
        }
        double[] mean = new double[d];
        for (int j = 0; j < d; j++) {
            mean[j] = sum[j] / rows;
        }
        double[] squares = new double[d];
        for (Dataset data : datasets) {
            accumulate(data, mean, squares);
        }
        double[] scale = new double[d];
        for (int j = 0; j < d; j++) {
            double std = Math.sqrt(squares[j] / rows);
            scale[j] = std > 0 ? std : 1.0;
        }
        return new FeatureStandardizer(mean, scale);
    }

    /** out[j] += x[j] over rows, or (x[j] - mean[j])^2 when mean is given. */
    private static void accumulate(Dataset data, double[] mean, double[] out) {
        double[] x = data.featuresUnsafe();
        int d = data.features();
        for (int i = 0; i < data.rows(); i++) {
            for (int j = 0; j < d; j++) {
                double v = x[i * d + j];
                out[j] += mean == null ? v : (v - mean[j]) * (v - mean[j]);
            }
        }
    }

    /** @return a copy of the per-feature means */
    public double[] mean() {
        return mean.clone();
    }

    /** @return a copy of the per-feature scales (all > 0) */
    public double[] scale() {
        return scale.clone();
    }

    /**
     * @return a new dataset (same source, labels shared) with every feature standardised
     * @throws IllegalArgumentException when the dataset's feature count differs
     */
    public Dataset apply(Dataset data) {
        int d = data.features();
        if (d != mean.length) {
            throw new IllegalArgumentException(data.source() + " has d=" + d + " features but the standardisation has "
                    + mean.length);
        }
        double[] x = data.featuresUnsafe();
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i += d) {
            for (int j = 0; j < d; j++) {
                out[i + j] = (x[i + j] - mean[j]) / scale[j];
            }
        }
        return new Dataset(data.source(), d, out, data.labelsUnsafe());
    }
}
