package mlptrainer.aggregation;

import java.util.List;

/**
 * FedAvg's weighted mean (McMahan et al. 2017; Flower's {@code FedAvg}): each vector weighs as
 * many rows (examples) as its shard holds, (r1 x1 + ... + rn xn) / (r1 + ... + rn), summed in list
 * order and then divided by the total.
 */
public final class WeightedMean {
    private WeightedMean() {
    }

    /**
     * @param vectors equal lengths, finite; not changed
     * @param rows    each vector's weight, >= 1, as many as vectors
     * @return the weighted mean, a new array
     * @throws IllegalArgumentException on a count mismatch or a weight below 1
     */
    public static double[] of(List<double[]> vectors, int[] rows) {
        int length = Vectors.checkSameLengthAndFinite(vectors);
        Vectors.checkSameLength("the row counts", rows.length, "the deltas", vectors.size());
        double[] sum = new double[length];
        long total = 0;
        // list order outermost, as the mean: r1 x1 + r2 x2 + ... per coordinate, left to right
        for (int s = 0; s < rows.length; s++) {
            if (rows[s] < 1) {
                throw new IllegalArgumentException("delta " + s + " weighs " + rows[s] + " rows; at least 1 needed");
            }
            double[] x = vectors.get(s);
            for (int i = 0; i < length; i++) {
                sum[i] += rows[s] * x[i];
            }
            total += rows[s];
        }
        Mean.divideInPlace(sum, total);
        return sum;
    }
}
