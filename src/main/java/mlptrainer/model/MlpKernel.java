package mlptrainer.model;

import java.util.Arrays;

/**
 * The arithmetic of the MLP on a {@link Workspace}, shared by the trainers and the evaluator:
 * one call takes a batch through the forward pass, the loss and, when asked, the gradient.
 * Stateless and allocation-free: every buffer lives in the workspace.
 *
 * <p>A batch is the list of row numbers {@code rows[from .. from+count)} of a flat row-major
 * feature array x (n x d, no bias column: the leading 1 of X1 is "start from the bias row").
 *
 * <p>Two implementations give the same bits: the scalar loops here, one row at a time, and
 * {@link VectorKernel}, sixteen rows at a time (eight with AVX2) with the Vector API, which hands
 * wide inputs to {@link WideKernel}'s blocked matrix products over the whole batch. Both follow
 * one fixed sequence of IEEE operations per result: every matrix element starts from its bias (or
 * zero) and adds its terms in increasing index with one fused multiply-add each (Math.fma, exactly
 * rounded, so the same on every machine and in every JIT tier); the softmax takes the maximum,
 * {@link Exp#exp}, sums in class order and divides; the loss terms use {@link Log#log}; the
 * gradient receives the batch's rows in row order. So a job
 * repeats to the bit whichever kernel, vector width or node runs each task. Against the
 * straightforward mul-then-add implementation with Math.exp and Math.log the results agree within 1e-9
 * relative (CourseTrainerTest).
 */
final class MlpKernel {
    /** Added to y[label] before the log, as the reference, so a zero probability gives a finite loss. */
    static final double LOG_EPSILON = 1e-6;
    /**
     * Whether {@link VectorKernel} is available: the JVM runs with
     * {@code --add-modules jdk.incubator.vector} (the node launcher and the tests add it), the
     * system property {@code mlptrainer.scalarKernel} is not true, and a vector holds a multiple
     * of four doubles (AVX2 and AVX-512 do; 128-bit vectors are left to the scalar loops).
     */
    static final boolean VECTOR = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
            && !Boolean.getBoolean("mlptrainer.scalarKernel") && VectorKernel.lanes() % 4 == 0;
    /** What workspace rows are padded to: the vector length when the vector kernel is available. */
    static final int LANES = VECTOR ? VectorKernel.lanes() : 1;
    private static final double[] ONE = {1.0};
    /** Batches this small take the scalar loops: a vector block would do a whole block's work per row. */
    private static final int SMALL_BATCH = 4;

    private MlpKernel() {
    }

    /**
     * Runs a batch through the network with the workspace's weights.
     *
     * @param gradient  whether to set gw and gv to MINUS the gradient of the batch's summed loss
     *                  (left untouched otherwise); the scalar loops refresh vt from v first
     * @param predicted when not null, receives each row's predicted class (the argmax of its
     *                  softmax, lowest index on ties, as numpy) at the row's batch position
     *                  {@code from + r}
     * @return the course loss of the batch, -sum(log(y[label] + 1e-6)), summed in row order
     */
    static double run(double[] x, int[] labels, int d, int[] rows, int from, int count, Workspace ws,
                      boolean gradient, int[] predicted) {
        boolean vector = ws.vector && count >= SMALL_BATCH;
        if (gradient) {
            clearGradients(ws, vector, count);
        }
        if (vector) {
            return VectorKernel.run(x, labels, d, rows, from, count, ws, gradient, predicted);
        }
        double loss = 0;
        for (int r = 0; r < count; r++) {
            int row = rows[from + r];
            int xo = row * d;
            forwardRow(x, xo, ws);
            if (predicted != null) {
                predicted[from + r] = argmax(ws.y[0], ws.k);
            }
            loss -= logProbability(ws.y[0], labels[row]);
            if (gradient) {
                gradientRow(x, xo, labels[row], ws);
            }
        }
        return loss;
    }

    /**
     * Readies gw and gv for a batch's sums: the scalar loops add every row into every element (and
     * read vt); WideKernel sets every element of gw itself; the vector kernel otherwise sets every
     * real element but the bias rows (the padding keeps signed zeros, which add nothing).
     */
    private static void clearGradients(Workspace ws, boolean vector, int count) {
        if (!vector) {
            transposeHiddenRows(ws);
            clear(ws.gw);
            clear(ws.gv);
        } else if (WideKernel.applies(ws, count, true)) {
            clear(ws.gv);
        } else {
            Arrays.fill(ws.gw[0], 0.0);
            Arrays.fill(ws.gv[0], 0.0);
        }
    }

    /** a[0] = X1 W, z[0] = relu(a[0]), y[0] = softmax(Z1 V) for the row at x[xo..xo+d). */
    private static void forwardRow(double[] x, int xo, Workspace ws) {
        affine(x, xo, ws.d, ws.w, 1, ws.w[0], ws.a[0]);
        relu(ws.a[0], ws.z[0]);
        affine(ws.z[0], 0, ws.h, ws.v, 1, ws.v[0], ws.y[0]);
        softmaxInPlace(ws.y[0], ws.k);
    }

    /** After {@link #forwardRow}: y[0] becomes D = R - Y, g[0] = (D V[1:]^T) * (A >= 0), both added into gv and gw. */
    private static void gradientRow(double[] x, int xo, int label, Workspace ws) {
        double[] y = ws.y[0];
        double[] g = ws.g[0];
        residualRow(y, label, ws);
        affine(y, 0, ws.k, ws.vt, 0, ws.zeros, g);
        reluMask(g, ws.a[0]);
        outerAdd(ONE, 0, 1, y, ws.gv, 0);
        outerAdd(ws.z[0], 0, ws.h, y, ws.gv, 1);
        outerAdd(ONE, 0, 1, g, ws.gw, 0);
        outerAdd(x, xo, ws.d, g, ws.gw, 1);
    }

    /**
     * out = bias + sum_{t &lt; n} s[so + t] b[t + boff], element by element over out's length,
     * the terms added in increasing t by fused multiply-adds. Four terms per pass over out: C2
     * vectorises a loop over whole rows indexed from 0 with the scalars fixed, and four terms per
     * pass load and store out once per four multiply-adds.
     */
    static void affine(double[] s, int so, int n, double[][] b, int boff, double[] bias, double[] out) {
        System.arraycopy(bias, 0, out, 0, out.length);
        int t = 0;
        for (; t + 4 <= n; t += 4) {
            fma4(out, s[so + t], b[t + boff], s[so + t + 1], b[t + boff + 1], s[so + t + 2], b[t + boff + 2],
                    s[so + t + 3], b[t + boff + 3]);
        }
        for (; t < n; t++) {
            fma1(out, s[so + t], b[t + boff]);
        }
    }

    /** g[t + goff] += s[so + t] q for t &lt; n, by fused multiply-adds (one batch row into a gradient). */
    static void outerAdd(double[] s, int so, int n, double[] q, double[][] g, int goff) {
        for (int t = 0; t < n; t++) {
            fma1(g[t + goff], s[so + t], q);
        }
    }

    /** y = fma(s, x, y) element by element over y's length. */
    private static void fma1(double[] y, double s, double[] x) {
        for (int i = 0; i < y.length; i++) {
            y[i] = Math.fma(s, x[i], y[i]);
        }
    }

    /** Four {@link #fma1} passes in one: the same operations in the same order per element. */
    private static void fma4(double[] y, double s0, double[] x0, double s1, double[] x1, double s2, double[] x2,
                             double s3, double[] x3) {
        for (int i = 0; i < y.length; i++) {
            y[i] = Math.fma(s3, x3[i], Math.fma(s2, x2[i], Math.fma(s1, x1[i], Math.fma(s0, x0[i], y[i]))));
        }
    }

    /** z = max(a, 0) (NaN stays NaN, as Math.max). */
    private static void relu(double[] a, double[] z) {
        for (int m = 0; m < a.length; m++) {
            z[m] = Math.max(a[m], 0.0);
        }
    }

    /** g = a >= 0 ? g : 0 (the ReLU's derivative taken as 1 at 0, as the reference). */
    private static void reluMask(double[] g, double[] a) {
        for (int m = 0; m < g.length; m++) {
            g[m] = a[m] >= 0.0 ? g[m] : 0.0;
        }
    }

    /**
     * Softmax of o[0..k) in place: the maximum subtracted first so the exponentials never
     * overflow, {@link Exp#exp}, the sum in class order, then a division (not a multiply by
     * 1/sum, which would round differently from the reference).
     */
    static void softmaxInPlace(double[] o, int k) {
        double max = o[0];
        for (int c = 1; c < k; c++) {
            max = Math.max(max, o[c]);
        }
        for (int c = 0; c < k; c++) {
            o[c] = Exp.exp(o[c] - max);
        }
        double sum = sumInOrder(o, k);
        for (int c = 0; c < k; c++) {
            o[c] /= sum;
        }
    }

    /** o[0] + o[1] + ... + o[k-1], left to right. */
    static double sumInOrder(double[] o, int k) {
        double sum = 0;
        for (int c = 0; c < k; c++) {
            sum += o[c];
        }
        return sum;
    }

    /** @return log(y[label] + 1e-6) by {@link Log}: one row's term of the course loss, with its sign flipped */
    static double logProbability(double[] y, int label) {
        return Log.log(y[label] + LOG_EPSILON);
    }

    /** @return the index of the largest of o[0..k), the lowest index on ties (numpy's argmax) */
    static int argmax(double[] o, int k) {
        int best = 0;
        for (int c = 1; c < k; c++) {
            if (o[c] > o[best]) {
                best = c;
            }
        }
        return best;
    }

    /**
     * y = onehot(label) - y, in place over the whole (padded) row; with label smoothing
     * (off - y) + keep at the label and off - y at the other k - 1 classes (padding: -y).
     */
    static void residualRow(double[] y, int label, Workspace ws) {
        if (ws.smoothing) {
            for (int c = 0; c < ws.k; c++) {
                y[c] = ws.smoothOff - y[c];
            }
            for (int c = ws.k; c < y.length; c++) {
                y[c] = -y[c];
            }
            y[label] += ws.smoothKeep;
            return;
        }
        for (int c = 0; c < y.length; c++) {
            y[c] = -y[c];
        }
        y[label] += 1.0; // (-y) + 1 is exactly 1 - y in IEEE arithmetic
    }

    /** vt = V[1:]^T, so that D V[1:]^T (the scalar loops) or Z1 V (VectorKernel at small h) runs over rows of vt. */
    static void transposeHiddenRows(Workspace ws) {
        for (int m = 0; m < ws.h; m++) {
            double[] vRow = ws.v[m + 1];
            for (int c = 0; c < ws.k; c++) {
                ws.vt[c][m] = vRow[c];
            }
        }
    }

    static void clear(double[][] m) {
        for (double[] row : m) {
            Arrays.fill(row, 0.0);
        }
    }

    /** m += s * delta, row by row: a multiply then an add, as the reference's {@code W += eta * dW}. */
    static void addScaled(double[][] m, double s, double[][] delta) {
        for (int i = 0; i < m.length; i++) {
            double[] row = m[i];
            double[] dRow = delta[i];
            for (int j = 0; j < row.length; j++) {
                row[j] += s * dRow[j];
            }
        }
    }
}
