package mlptrainer.aggregation;

import java.util.List;

/** Checks shared by the aggregation functions; their messages name both sizes or the bad index. */
public final class Vectors {
    private Vectors() {
    }

    /**
     * @return the common length of the vectors
     * @throws IllegalArgumentException when the list is empty, a vector's length differs from the
     *                                  first's (both named), or a value is NaN or infinite
     */
    public static int checkSameLengthAndFinite(List<double[]> vectors) {
        if (vectors.isEmpty()) {
            throw new IllegalArgumentException("no deltas to aggregate");
        }
        int length = vectors.get(0).length;
        for (int i = 0; i < vectors.size(); i++) {
            double[] x = vectors.get(i);
            checkSameLength("delta " + i, x.length, "delta 0", length);
            checkFinite("delta " + i, x);
        }
        return length;
    }

    /** @throws IllegalArgumentException naming both when the lengths differ */
    public static void checkSameLength(String what, int length, String other, int otherLength) {
        if (length != otherLength) {
            throw new IllegalArgumentException(what + " has " + length + " values, " + other + " " + otherLength);
        }
    }

    /** @throws IllegalArgumentException naming the first index that is NaN or infinite */
    public static void checkFinite(String what, double[] x) {
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(x[i])) {
                throw new IllegalArgumentException(what + " has " + x[i] + " at index " + i);
            }
        }
    }
}
