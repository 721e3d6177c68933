package mlptrainer.aggregation;

import java.util.Arrays;
import java.util.List;

/**
 * Krum and Multi-Krum (Blanchard et al., "Machine Learning with Adversaries: Byzantine Tolerant
 * Gradient Descent", NeurIPS 2017): with n vectors of which at most f are faulty, each vector's
 * score is the sum of its squared distances to its n - f - 2 nearest others; Krum keeps the vector
 * of least score, Multi-Krum averages the m of least score. Needs n >= 2f + 3. Ties go to the
 * lower index, and the kept vectors are averaged in index order, so the result is reproducible.
 *
 * <p>Distances may be accumulated over several blocks of the same vectors (a model's two weight
 * matrices) with {@link #addSquaredDistancesInPlace}, then scored once.
 */
public final class Krum {
    private Krum() {
    }

    /** @throws IllegalArgumentException naming n and f unless f >= 0 and n >= 2f + 3 */
    public static void checkEnough(int n, int f) {
        if (f < 0 || n < 2L * f + 3) {
            throw new IllegalArgumentException("krum needs n >= 2f + 3 deltas per round (f >= 0): n=" + n + ", f=" + f);
        }
    }

    /**
     * dist[i][j] += squared distance between vectors i and j, for every pair (symmetric, zero diagonal).
     *
     * @param dist n x n, n the number of vectors
     */
    public static void addSquaredDistancesInPlace(double[][] dist, List<double[]> vectors) {
        Vectors.checkSameLengthAndFinite(vectors);
        Vectors.checkSameLength("the distance matrix", dist.length, "the deltas", vectors.size());
        for (int a = 0; a < dist.length; a++) {
            for (int b = a + 1; b < dist.length; b++) {
                double d = dist[a][b] + squaredDistance(vectors.get(a), vectors.get(b));
                dist[a][b] = d;
                dist[b][a] = d;
            }
        }
    }

    /** Summed in index order. */
    private static double squaredDistance(double[] x, double[] y) {
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            double diff = x[i] - y[i];
            sum += diff * diff;
        }
        return sum;
    }

    /**
     * @param dist squared distances, n x n
     * @return each vector's score: the sum of its n - f - 2 smallest distances to the others, ascending
     */
    public static double[] scores(double[][] dist, int f) {
        int n = dist.length;
        checkEnough(n, f);
        int nearest = n - f - 2;
        double[] scores = new double[n];
        double[] others = new double[n - 1];
        for (int a = 0; a < n; a++) {
            int o = 0;
            for (int b = 0; b < n; b++) {
                if (b != a) {
                    others[o++] = dist[a][b];
                }
            }
            Arrays.sort(others);
            double sum = 0;
            for (int j = 0; j < nearest; j++) {
                sum += others[j];
            }
            scores[a] = sum;
        }
        return scores;
    }

    /**
     * @param m how many to keep, 1..n
     * @return the indices of the m least scores (ties: the lower index first), in ascending index order
     */
    public static int[] best(double[] scores, int m) {
        if (m < 1 || m > scores.length) {
            throw new IllegalArgumentException("krum_m must be in 1.." + scores.length + ", got " + m);
        }
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        // a stable sort: equal scores keep index order
        Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
        int[] kept = new int[m];
        for (int i = 0; i < m; i++) {
            kept[i] = order[i];
        }
        Arrays.sort(kept);
        return kept;
    }

    /**
     * Multi-Krum of one block (Krum when m = 1).
     *
     * @return the mean of the m best-scored vectors, a new array
     */
    public static double[] of(List<double[]> vectors, int f, int m) {
        int n = vectors.size();
        checkEnough(n, f);
        double[][] dist = new double[n][n];
        addSquaredDistancesInPlace(dist, vectors);
        return Mean.of(pick(vectors, best(scores(dist, f), m)));
    }

    /** @return the vectors at these indices, in the indices' order */
    public static List<double[]> pick(List<double[]> vectors, int[] indices) {
        return Arrays.stream(indices).mapToObj(vectors::get).toList();
    }
}
