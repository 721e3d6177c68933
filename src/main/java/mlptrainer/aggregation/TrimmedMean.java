package mlptrainer.aggregation;

import java.util.List;

/**
 * The coordinate-wise trimmed mean (Yin et al. 2018; Flower's {@code FedTrimmedAvg}): for each
 * coordinate, the floor(trim x n) lowest and as many highest values are cut and the rest averaged,
 * summed in ascending order.
 */
public final class TrimmedMean {
    private TrimmedMean() {
    }

    /**
     * @return how many values are cut at each end: floor(trim x n)
     * @throws IllegalArgumentException when trim is outside [0, 0.5] or nothing would remain
     */
    public static int cutPerEnd(int n, double trim) {
        if (!(trim >= 0 && trim <= 0.5)) {
            throw new IllegalArgumentException("trim must be in [0, 0.5], got " + trim);
        }
        int cut = (int) Math.floor(trim * n);
        if (n - 2 * cut < 1) {
            throw new IllegalArgumentException("trim " + trim + " cuts " + cut + " of " + n
                    + " deltas at each end: none would remain");
        }
        return cut;
    }

    /**
     * @param vectors equal lengths, finite; not changed
     * @param trim    the fraction cut at each end, in [0, 0.5]
     * @return the trimmed mean of every coordinate, a new array
     */
    public static double[] of(List<double[]> vectors, double trim) {
        int length = Vectors.checkSameLengthAndFinite(vectors);
        int n = vectors.size();
        int cut = cutPerEnd(n, trim);
        double[] column = new double[n];
        double[] out = new double[length];
        for (int i = 0; i < length; i++) {
            CoordinateMedian.Sorted.column(vectors, i, column);
            double sum = 0;
            // ascending order: the sum does not depend on which shard held which value
            for (int s = cut; s < n - cut; s++) {
                sum += column[s];
            }
            out[i] = sum / (n - 2 * cut);
        }
        return out;
    }
}
