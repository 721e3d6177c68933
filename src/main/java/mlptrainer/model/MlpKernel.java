package mlptrainer.model;

/**
 * The arithmetic of the MLP over flat row-major arrays, shared by the trainers and the evaluator.
 * Stateless; every buffer is passed in, so callers preallocate once and nothing here allocates.
 *
 * <p>Layout: x is n x d (no bias column: the leading 1 of X1 is applied as "start from the bias
 * row"), W is (d+1) x h, V is (h+1) x k, A is batch x h, Y is batch x k. A batch is a list of row
 * numbers {@code rows[from .. from+count)}; row r of the batch is stored at position r - from of
 * A and Y.
 *
 * <p>Loop order: every inner loop is an axpy {@code out[0..len) += s * in[0..len)} over a
 * contiguous row of length h or k with a scalar that is fixed for the loop. C2 auto-vectorises
 * that shape; a dot product (a reduction) it would not vectorise, because Java fixes the order of
 * floating-point additions. Each sum is still taken over the same index in increasing order as the
 * straightforward triple loop, so results equal it (in practice to the bit).
 */
final class MlpKernel {
    /** Added to y[label] before the log, as the reference, so a zero probability gives a finite loss. */
    static final double LOG_EPSILON = 1e-6;

    private MlpKernel() {
    }

    /**
     * Forward pass of a batch: A = X1 W and Y = softmax([1, relu(A)] V), rows in the batch order.
     *
     * @return the course loss of the batch, -sum(log(y[label] + 1e-6))
     */
    static double forward(double[] x, int[] labels, int d, int[] rows, int from, int count,
                          double[] w, int h, double[] v, int k, double[] a, double[] y) {
        double loss = 0;
        for (int r = 0; r < count; r++) {
            int row = rows[from + r];
            hiddenRow(x, row * d, d, w, h, a, r * h);
            outputRow(a, r * h, h, v, k, y, r * k);
            softmaxInPlace(y, r * k, k);
            loss -= Math.log(y[r * k + labels[row]] + LOG_EPSILON);
        }
        return loss;
    }

    /** a[ao..ao+h) = W[0] + sum_j x[xo+j] W[j+1]: one axpy of length h per feature. */
    static void hiddenRow(double[] x, int xo, int d, double[] w, int h, double[] a, int ao) {
        System.arraycopy(w, 0, a, ao, h); // the leading 1 of X1 times the bias row
        for (int j = 0; j < d; j++) {
            double xj = x[xo + j];
            int wo = (j + 1) * h;
            for (int m = 0; m < h; m++) {
                a[ao + m] += xj * w[wo + m];
            }
        }
    }

    /** y[yo..yo+k) = V[0] + sum_m relu(a[ao+m]) V[m+1]: one axpy of length k per hidden unit. */
    static void outputRow(double[] a, int ao, int h, double[] v, int k, double[] y, int yo) {
        System.arraycopy(v, 0, y, yo, k); // the leading 1 of Z times the bias row
        for (int m = 0; m < h; m++) {
            double z = Math.max(a[ao + m], 0.0);
            int vo = (m + 1) * k;
            for (int c = 0; c < k; c++) {
                y[yo + c] += z * v[vo + c];
            }
        }
    }

    /** Softmax of o[off..off+k) in place, the maximum subtracted first so exp never overflows. */
    static void softmaxInPlace(double[] o, int off, int k) {
        double max = o[off];
        for (int c = 1; c < k; c++) {
            max = Math.max(max, o[off + c]);
        }
        double sum = 0;
        for (int c = 0; c < k; c++) {
            double e = Math.exp(o[off + c] - max);
            o[off + c] = e;
            sum += e;
        }
        for (int c = 0; c < k; c++) {
            o[off + c] /= sum; // a division, not a multiply by 1/sum, to round as the reference does
        }
    }

    /** @return the index of the largest of o[off..off+k), the lowest index on ties (numpy's argmax) */
    static int argmax(double[] o, int off, int k) {
        int best = 0;
        for (int c = 1; c < k; c++) {
            if (o[off + c] > o[off + best]) {
                best = c;
            }
        }
        return best;
    }

    /** @return how many rows of the batch have argmax(Y) different from their label */
    static int errors(int[] labels, int[] rows, int from, int count, double[] y, int k) {
        int wrong = 0;
        for (int r = 0; r < count; r++) {
            if (argmax(y, r * k, k) != labels[rows[from + r]]) {
                wrong++;
            }
        }
        return wrong;
    }

    /** vt (k x h) = V[1:]^T, so that D V[1:]^T becomes axpys over contiguous rows of length h. */
    static void transposeHiddenRows(double[] v, int h, int k, double[] vt) {
        for (int m = 0; m < h; m++) {
            for (int c = 0; c < k; c++) {
                vt[c * h + m] = v[(m + 1) * k + c];
            }
        }
    }

    /**
     * Backward pass of a batch after {@link #forward}: overwrites Y with D = R - Y and sets
     * gv = Z^T D ((h+1) x k) and gw = X1^T [(D V[1:]^T) * (A >= 0)] ((d+1) x h), the negative
     * gradients of the summed loss. Rows are fused: each row's D, hidden gradient g and its
     * contributions to both sums are made while the row is in cache, so no n x h matrix is stored.
     *
     * @param vt V[1:]^T from {@link #transposeHiddenRows} of the same V as the forward pass
     * @param g  scratch of length h
     */
    static void backward(double[] x, int[] labels, int d, int[] rows, int from, int count,
                         int h, int k, double[] vt, double[] a, double[] y,
                         double[] gw, double[] gv, double[] g) {
        java.util.Arrays.fill(gw, 0, (d + 1) * h, 0.0);
        java.util.Arrays.fill(gv, 0, (h + 1) * k, 0.0);
        for (int r = 0; r < count; r++) {
            int row = rows[from + r];
            int yo = r * k;
            int ao = r * h;
            residualRow(y, yo, k, labels[row]);
            outerAddRelu(a, ao, h, y, yo, k, gv);
            hiddenGradientRow(y, yo, k, vt, h, a, ao, g);
            outerAddInputs(x, row * d, d, g, h, gw);
        }
    }

    /** y[yo..yo+k) = onehot(label) - y, in place. */
    private static void residualRow(double[] y, int yo, int k, int label) {
        for (int c = 0; c < k; c++) {
            y[yo + c] = -y[yo + c];
        }
        y[yo + label] += 1.0; // (-y) + 1 is exactly 1 - y in IEEE arithmetic
    }

    /** gv += [1, relu(a)]^T dRow: one axpy of length k per hidden unit. */
    private static void outerAddRelu(double[] a, int ao, int h, double[] dRow, int yo, int k, double[] gv) {
        for (int c = 0; c < k; c++) {
            gv[c] += dRow[yo + c];
        }
        for (int m = 0; m < h; m++) {
            double z = Math.max(a[ao + m], 0.0);
            int vo = (m + 1) * k;
            for (int c = 0; c < k; c++) {
                gv[vo + c] += z * dRow[yo + c];
            }
        }
    }

    /** g = (dRow V[1:]^T) * (a >= 0): one axpy of length h per class over the rows of vt. */
    private static void hiddenGradientRow(double[] dRow, int yo, int k, double[] vt, int h,
                                          double[] a, int ao, double[] g) {
        java.util.Arrays.fill(g, 0, h, 0.0);
        for (int c = 0; c < k; c++) {
            double dc = dRow[yo + c];
            int to = c * h;
            for (int m = 0; m < h; m++) {
                g[m] += dc * vt[to + m];
            }
        }
        for (int m = 0; m < h; m++) {
            // >= as the reference: the ReLU's derivative is taken as 1 at 0
            g[m] = a[ao + m] >= 0.0 ? g[m] : 0.0;
        }
    }

    /** gw += [1, x]^T g: one axpy of length h per feature. */
    private static void outerAddInputs(double[] x, int xo, int d, double[] g, int h, double[] gw) {
        for (int m = 0; m < h; m++) {
            gw[m] += g[m];
        }
        for (int j = 0; j < d; j++) {
            double xj = x[xo + j];
            int wo = (j + 1) * h;
            for (int m = 0; m < h; m++) {
                gw[wo + m] += xj * g[m];
            }
        }
    }

    /** target[0..len) += scale * delta[0..len) */
    static void addScaled(double[] target, double scale, double[] delta, int len) {
        for (int i = 0; i < len; i++) {
            target[i] += scale * delta[i];
        }
    }
}
