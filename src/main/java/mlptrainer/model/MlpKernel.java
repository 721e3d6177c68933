package mlptrainer.model;

import java.util.Arrays;

/**
 * The arithmetic of the MLP on a {@link Workspace}, shared by the trainers and the evaluator.
 * Stateless and allocation-free: every buffer lives in the workspace.
 *
 * <p>A batch is the list of row numbers {@code rows[from .. from+count)} of a flat row-major
 * feature array x (n x d, no bias column: the leading 1 of X1 is "start from the bias row");
 * row r of the batch is stored in row r of the workspace's A, Y and G.
 *
 * <p>Loop order: every inner loop is an axpy over whole rows indexed from 0,
 * {@code y[i] = (((y[i] + s0*x0[i]) + s1*x1[i]) + s2*x2[i]) + s3*x3[i]}, with the scalars fixed
 * for the loop: C2 vectorises that shape, and taking four source rows per pass loads and stores y
 * once per four multiply-adds instead of once per one. A dot product (a reduction) C2 would not
 * vectorise, as Java fixes the order of floating-point additions. Every sum still runs over its
 * index in increasing order, exactly as the straightforward triple loop, so results are the same
 * to the bit (Java never fuses a*b+c into one rounding).
 */
final class MlpKernel {
    /** Added to y[label] before the log, as the reference, so a zero probability gives a finite loss. */
    static final double LOG_EPSILON = 1e-6;
    /** Source rows per axpy pass. */
    private static final int BLOCK = 4;
    /**
     * Whether {@link VectorKernel} does the forward and backward passes: when the JVM runs with
     * {@code --add-modules jdk.incubator.vector} (the launchers and the tests add it) and the system
     * property {@code mlptrainer.scalarKernel} is not true. Otherwise this class's scalar loops run,
     * with the same results to the bit.
     */
    static final boolean VECTOR = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
            && !Boolean.getBoolean("mlptrainer.scalarKernel");
    /**
     * Batches of fewer rows take the scalar loops even with {@link #VECTOR}: until C2 has compiled
     * the vector code every vector is a heap object, so a small batch (a mini-batch of 16, say)
     * would allocate in every call for its first thousands of calls, where the scalar loops
     * allocate nothing and cost little. A given batch size always takes the same path.
     */
    static final int VECTOR_MIN_ROWS = 64;

    private MlpKernel() {
    }

    /**
     * Forward pass of a batch: A = X1 W and Y = softmax([1, relu(A)] V) into the workspace.
     *
     * @return the course loss of the batch, -sum(log(y[label] + 1e-6))
     */
    static double forward(double[] x, int[] labels, int d, int[] rows, int from, int count, Workspace ws) {
        if (VECTOR && count >= VECTOR_MIN_ROWS) {
            return VectorKernel.forward(x, labels, d, rows, from, count, ws);
        }
        double loss = 0;
        for (int r = 0; r < count; r++) {
            int row = rows[from + r];
            hiddenRow(x, row * d, d, ws.w, ws.a[r]);
            outputRow(ws.a[r], ws.v, ws.y[r], ws.active);
            softmaxInPlace(ws.y[r]);
            loss -= Math.log(ws.y[r][labels[row]] + LOG_EPSILON);
        }
        return loss;
    }

    /** a = W[0] + sum_j x[xo+j] W[j+1], four features per pass. */
    static void hiddenRow(double[] x, int xo, int d, double[][] w, double[] a) {
        System.arraycopy(w[0], 0, a, 0, a.length); // the leading 1 of X1 times the bias row
        int j = 0;
        for (; j + BLOCK <= d; j += BLOCK) {
            axpy4(a, x[xo + j], w[j + 1], x[xo + j + 1], w[j + 2], x[xo + j + 2], w[j + 3], x[xo + j + 3], w[j + 4]);
        }
        for (; j < d; j++) {
            axpy(a, x[xo + j], w[j + 1]);
        }
    }

    /**
     * y = V[0] + sum_m relu(a[m]) V[m+1], four hidden units per pass. Units with a[m] &lt;= 0 are
     * skipped: their term is exactly zero (0 * v adds +-0.0, which changes no sum), and with ReLU
     * about half the units are off, so this halves the layer's work without changing a bit.
     *
     * @param active scratch of length h for the indices of the units that are on
     */
    static void outputRow(double[] a, double[][] v, double[] y, int[] active) {
        int on = 0;
        for (int m = 0; m < a.length; m++) {
            // branch-free compaction (a branch mispredicts on half the units); keeps NaN, so a
            // diverged run shows NaN as the reference does
            active[on] = m;
            on += a[m] <= 0.0 ? 0 : 1;
        }
        System.arraycopy(v[0], 0, y, 0, y.length); // the leading 1 of Z times the bias row
        int t = 0;
        for (; t + BLOCK <= on; t += BLOCK) {
            int m0 = active[t];
            int m1 = active[t + 1];
            int m2 = active[t + 2];
            int m3 = active[t + 3];
            axpy4(y, relu(a[m0]), v[m0 + 1], relu(a[m1]), v[m1 + 1], relu(a[m2]), v[m2 + 1], relu(a[m3]), v[m3 + 1]);
        }
        for (; t < on; t++) {
            axpy(y, relu(a[active[t]]), v[active[t] + 1]);
        }
    }

    private static double relu(double a) {
        return Math.max(a, 0.0);
    }

    /** Softmax of o in place, the maximum subtracted first so exp never overflows. */
    static void softmaxInPlace(double[] o) {
        softmaxInPlace(o, o.length);
    }

    /** The same on o[0..k). */
    static void softmaxInPlace(double[] o, int k) {
        double max = o[0];
        for (int c = 1; c < k; c++) {
            max = Math.max(max, o[c]);
        }
        double sum = 0;
        for (int c = 0; c < k; c++) {
            double e = Math.exp(o[c] - max);
            o[c] = e;
            sum += e;
        }
        for (int c = 0; c < k; c++) {
            o[c] /= sum; // a division, not a multiply by 1/sum, to round as the reference does
        }
    }

    /** @return the index of the largest value, the lowest index on ties (numpy's argmax) */
    static int argmax(double[] o) {
        int best = 0;
        for (int c = 1; c < o.length; c++) {
            if (o[c] > o[best]) {
                best = c;
            }
        }
        return best;
    }

    /** @return how many rows of the batch have argmax(Y) different from their label */
    static int errors(int[] labels, int[] rows, int from, int count, Workspace ws) {
        int wrong = 0;
        for (int r = 0; r < count; r++) {
            if (argmax(ws.y[r]) != labels[rows[from + r]]) {
                wrong++;
            }
        }
        return wrong;
    }

    /** vt = V[1:]^T, so that D V[1:]^T becomes axpys over rows of length h. */
    static void transposeHiddenRows(Workspace ws) {
        for (int m = 0; m < ws.h; m++) {
            double[] vRow = ws.v[m + 1];
            for (int c = 0; c < ws.k; c++) {
                ws.vt[c][m] = vRow[c];
            }
        }
    }

    /**
     * Backward pass of a batch after {@link #forward} with the same weights and after
     * {@link #transposeHiddenRows}: overwrites Y with D = R - Y and sets gv = Z^T D and
     * gw = X1^T [(D V[1:]^T) * (A >= 0)], the NEGATIVE gradients of the summed loss. Rows go
     * four at a time through all steps, so a block's D and G are used while in cache, and the
     * gradient rows receive four batch rows per pass (still in row order).
     */
    static void backward(double[] x, int[] labels, int d, int[] rows, int from, int count, Workspace ws) {
        if (VECTOR && count >= VECTOR_MIN_ROWS) {
            VectorKernel.backward(x, labels, d, rows, from, count, ws);
            return;
        }
        clear(ws.gw);
        clear(ws.gv);
        for (int r = 0; r < count; r++) {
            residualRow(ws.y[r], labels[rows[from + r]]);
            hiddenGradientRow(ws.y[r], ws.vt, ws.a[r], ws.g[r]);
        }
        int r = 0;
        for (; r + BLOCK <= count; r += BLOCK) {
            outerAddBlock(x, d, rows, from, r, ws);
        }
        for (; r < count; r++) {
            outerAddRow(x, d, rows[from + r] * d, r, ws);
        }
    }

    private static void clear(double[][] m) {
        for (double[] row : m) {
            Arrays.fill(row, 0.0);
        }
    }

    /** y = onehot(label) - y, in place. */
    private static void residualRow(double[] y, int label) {
        for (int c = 0; c < y.length; c++) {
            y[c] = -y[c];
        }
        y[label] += 1.0; // (-y) + 1 is exactly 1 - y in IEEE arithmetic
    }

    /** g = (dRow V[1:]^T) * (a >= 0): axpys over the rows of vt, four classes per pass. */
    private static void hiddenGradientRow(double[] dRow, double[][] vt, double[] a, double[] g) {
        Arrays.fill(g, 0.0);
        int k = dRow.length;
        int c = 0;
        for (; c + BLOCK <= k; c += BLOCK) {
            axpy4(g, dRow[c], vt[c], dRow[c + 1], vt[c + 1], dRow[c + 2], vt[c + 2], dRow[c + 3], vt[c + 3]);
        }
        for (; c < k; c++) {
            axpy(g, dRow[c], vt[c]);
        }
        for (int m = 0; m < g.length; m++) {
            // >= as the reference: the ReLU's derivative is taken as 1 at 0
            g[m] = a[m] >= 0.0 ? g[m] : 0.0;
        }
    }

    /** gv += [1, relu(A)]^T D and gw += X1^T G for batch rows r..r+3, in row order. */
    private static void outerAddBlock(double[] x, int d, int[] rows, int from, int r, Workspace ws) {
        double[] d0 = ws.y[r];
        double[] d1 = ws.y[r + 1];
        double[] d2 = ws.y[r + 2];
        double[] d3 = ws.y[r + 3];
        double[] a0 = ws.a[r];
        double[] a1 = ws.a[r + 1];
        double[] a2 = ws.a[r + 2];
        double[] a3 = ws.a[r + 3];
        axpy4(ws.gv[0], 1.0, d0, 1.0, d1, 1.0, d2, 1.0, d3);
        for (int m = 0; m < ws.h; m++) {
            axpy4(ws.gv[m + 1], relu(a0[m]), d0, relu(a1[m]), d1, relu(a2[m]), d2, relu(a3[m]), d3);
        }
        double[] g0 = ws.g[r];
        double[] g1 = ws.g[r + 1];
        double[] g2 = ws.g[r + 2];
        double[] g3 = ws.g[r + 3];
        int x0 = rows[from + r] * d;
        int x1 = rows[from + r + 1] * d;
        int x2 = rows[from + r + 2] * d;
        int x3 = rows[from + r + 3] * d;
        axpy4(ws.gw[0], 1.0, g0, 1.0, g1, 1.0, g2, 1.0, g3);
        for (int j = 0; j < d; j++) {
            axpy4(ws.gw[j + 1], x[x0 + j], g0, x[x1 + j], g1, x[x2 + j], g2, x[x3 + j], g3);
        }
    }

    /** The same as {@link #outerAddBlock} for one batch row (the tail of a batch). */
    private static void outerAddRow(double[] x, int d, int xo, int r, Workspace ws) {
        double[] dRow = ws.y[r];
        double[] a = ws.a[r];
        axpy(ws.gv[0], 1.0, dRow);
        for (int m = 0; m < ws.h; m++) {
            axpy(ws.gv[m + 1], relu(a[m]), dRow);
        }
        double[] g = ws.g[r];
        axpy(ws.gw[0], 1.0, g);
        for (int j = 0; j < d; j++) {
            axpy(ws.gw[j + 1], x[xo + j], g);
        }
    }

    /** y += s * x over y's length (x at least as long). */
    static void axpy(double[] y, double s, double[] x) {
        for (int i = 0; i < y.length; i++) {
            y[i] += s * x[i];
        }
    }

    /** y = (((y + s0 x0) + s1 x1) + s2 x2) + s3 x3, element by element: the order of four axpys. */
    static void axpy4(double[] y, double s0, double[] x0, double s1, double[] x1, double s2, double[] x2,
                      double s3, double[] x3) {
        for (int i = 0; i < y.length; i++) {
            y[i] = (((y[i] + s0 * x0[i]) + s1 * x1[i]) + s2 * x2[i]) + s3 * x3[i];
        }
    }

    /** m += s * delta, row by row. */
    static void addScaled(double[][] m, double s, double[][] delta) {
        for (int i = 0; i < m.length; i++) {
            axpy(m[i], s, delta[i]);
        }
    }
}
