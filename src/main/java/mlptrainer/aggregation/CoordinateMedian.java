package mlptrainer.aggregation;

import java.util.Arrays;
import java.util.List;

/**
 * The coordinate-wise median (Yin et al. 2018; Flower's {@code FedMedian}): each coordinate's
 * middle value across the vectors, or the mean of the two middle values when their count is even.
 * Order-free by construction: each coordinate's values are sorted before they are read.
 */
public final class CoordinateMedian {
    private CoordinateMedian() {
    }

    /**
     * @param vectors equal lengths, finite; not changed
     * @return the median of every coordinate, a new array
     */
    public static double[] of(List<double[]> vectors) {
        int length = Vectors.checkSameLengthAndFinite(vectors);
        int n = vectors.size();
        double[] column = new double[n];
        double[] out = new double[length];
        for (int i = 0; i < length; i++) {
            Sorted.column(vectors, i, column);
            out[i] = n % 2 == 1 ? column[n / 2] : (column[n / 2 - 1] + column[n / 2]) / 2;
        }
        return out;
    }

    /** Reads one coordinate of every vector into a sorted array. */
    static final class Sorted {
        private Sorted() {
        }

        /** column[s] = vectors[s][i] for every s, then sorted ascending (-0.0 before 0.0, as Arrays.sort) */
        static void column(List<double[]> vectors, int i, double[] column) {
            for (int s = 0; s < column.length; s++) {
                column[s] = vectors.get(s)[i];
            }
            Arrays.sort(column);
        }
    }
}
