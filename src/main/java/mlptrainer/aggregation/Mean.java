package mlptrainer.aggregation;

import java.util.List;

/**
 * The mean of equal-length vectors, (x1 + x2 + ... + xn) / n: summed in list order, then divided
 * (not multiplied by 1/n: the reference divides, and the two round differently). This is the
 * course's federated averaging, bit for bit.
 */
public final class Mean {
    private Mean() {
    }

    /**
     * @param vectors equal lengths, finite; not changed
     * @return their mean, a new array
     */
    public static double[] of(List<double[]> vectors) {
        int length = Vectors.checkSameLengthAndFinite(vectors);
        double[] sum = new double[length];
        // list order outermost: every coordinate is summed x1 + x2 + ... + xn, left to right
        for (double[] x : vectors) {
            addInPlace(sum, x);
        }
        divideInPlace(sum, vectors.size());
        return sum;
    }

    /** sum += x, index by index; lengths must match */
    public static void addInPlace(double[] sum, double[] x) {
        Vectors.checkSameLength("the sum", sum.length, "the vector added", x.length);
        for (int i = 0; i < sum.length; i++) {
            sum[i] += x[i];
        }
    }

    /** values /= n, index by index */
    public static void divideInPlace(double[] values, double n) {
        for (int i = 0; i < values.length; i++) {
            values[i] /= n;
        }
    }
}
