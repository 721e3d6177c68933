package mlptrainer.model;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link MlpKernel}'s forward and backward passes written with the Vector API
 * ({@code jdk.incubator.vector}), used when the JVM runs with
 * {@code --add-modules jdk.incubator.vector} (see {@link MlpKernel#VECTOR}).
 *
 * <p>C2 in JDK 17 vectorises loops over h = 24 or k = 26 poorly: its vector loop is unrolled past
 * that length, so most of the work runs in the scalar pre and post loops. Here the vectors are
 * explicit and register-tiled: four batch rows times up to three vectors of columns stay in
 * registers while the loop runs over the shared dimension, so each weight vector is loaded once
 * per four rows.
 *
 * <p>Results: every matrix element is summed over its index in increasing order with a separate
 * multiply and add, exactly as {@link MlpKernel} and the straightforward triple loop, so the
 * linear algebra is the same to the bit; exp and log are Math's, in the same order (see
 * {@link #softmaxInPlace}), so the results equal the scalar kernel's to the bit and a job repeats
 * exactly whichever kernel each node runs.
 */
final class VectorKernel {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final double[] ONE = {1.0};
    /** 0, 1, ..., L-1: lane masks by comparison (cheaper than indexInRange in JDK 17). */
    private static final DoubleVector IOTA = iota();

    private VectorKernel() {
    }

    private static DoubleVector iota() {
        double[] lanes = new double[L];
        for (int i = 0; i < L; i++) {
            lanes[i] = i;
        }
        return DoubleVector.fromArray(S, lanes, 0);
    }

    /** As {@link MlpKernel#forward}. */
    static double forward(double[] x, int[] labels, int d, int[] rows, int from, int count, Workspace ws) {
        int h = ws.h;
        int k = ws.k;
        double[][] a = ws.a;
        double[][] y = ws.y;
        double[][] z = ws.z;
        int r = 0;
        for (; r + 4 <= count; r += 4) {
            block4(x, rows[from + r] * d, x, rows[from + r + 1] * d, x, rows[from + r + 2] * d, x,
                    rows[from + r + 3] * d, d, ws.w[0], ws.w, 1, a[r], a[r + 1], a[r + 2], a[r + 3], h);
            relu(a[r], z[r], h);
            relu(a[r + 1], z[r + 1], h);
            relu(a[r + 2], z[r + 2], h);
            relu(a[r + 3], z[r + 3], h);
            block4(z[r], 0, z[r + 1], 0, z[r + 2], 0, z[r + 3], 0, h, ws.v[0], ws.v, 1,
                    y[r], y[r + 1], y[r + 2], y[r + 3], k);
        }
        for (; r < count; r++) {
            int xo = rows[from + r] * d;
            block4(x, xo, x, xo, x, xo, x, xo, d, ws.w[0], ws.w, 1, a[r], a[r], a[r], a[r], h);
            relu(a[r], z[r], h);
            block4(z[r], 0, z[r], 0, z[r], 0, z[r], 0, h, ws.v[0], ws.v, 1, y[r], y[r], y[r], y[r], k);
        }
        double loss = 0;
        for (r = 0; r < count; r++) {
            softmaxInPlace(y[r], k);
            loss -= Math.log(y[r][labels[rows[from + r]]] + MlpKernel.LOG_EPSILON);
        }
        return loss;
    }

    /** As {@link MlpKernel#backward} (after {@link MlpKernel#transposeHiddenRows}). */
    static void backward(double[] x, int[] labels, int d, int[] rows, int from, int count, Workspace ws) {
        int h = ws.h;
        int k = ws.k;
        double[][] a = ws.a;
        double[][] y = ws.y;
        double[][] g = ws.g;
        for (int r = 0; r < count; r++) {
            residualRow(y[r], labels[rows[from + r]], k);
        }
        int r = 0;
        for (; r + 4 <= count; r += 4) {
            block4(y[r], 0, y[r + 1], 0, y[r + 2], 0, y[r + 3], 0, k, ws.zeros, ws.vt, 0,
                    g[r], g[r + 1], g[r + 2], g[r + 3], h);
        }
        for (; r < count; r++) {
            block4(y[r], 0, y[r], 0, y[r], 0, y[r], 0, k, ws.zeros, ws.vt, 0, g[r], g[r], g[r], g[r], h);
        }
        for (r = 0; r < count; r++) {
            reluMask(g[r], a[r], h);
        }
        clear(ws.gw);
        clear(ws.gv);
        r = 0;
        for (; r + 4 <= count; r += 4) {
            // gv[0] += D rows, gv[m+1] += relu(a[m]) D rows; gw[0] += G rows, gw[j+1] += x[j] G rows
            outer4(ONE, 0, ONE, 0, ONE, 0, ONE, 0, 1, y[r], y[r + 1], y[r + 2], y[r + 3], ws.gv, 0, k);
            outer4(ws.z[r], 0, ws.z[r + 1], 0, ws.z[r + 2], 0, ws.z[r + 3], 0, h, y[r], y[r + 1], y[r + 2], y[r + 3],
                    ws.gv, 1, k);
            outer4(ONE, 0, ONE, 0, ONE, 0, ONE, 0, 1, g[r], g[r + 1], g[r + 2], g[r + 3], ws.gw, 0, h);
            outer4(x, rows[from + r] * d, x, rows[from + r + 1] * d, x, rows[from + r + 2] * d, x,
                    rows[from + r + 3] * d, d, g[r], g[r + 1], g[r + 2], g[r + 3], ws.gw, 1, h);
        }
        for (; r < count; r++) {
            outer1(ONE, 0, 1, y[r], ws.gv, 0, k);
            outer1(ws.z[r], 0, h, y[r], ws.gv, 1, k);
            outer1(ONE, 0, 1, g[r], ws.gw, 0, h);
            outer1(x, rows[from + r] * d, d, g[r], ws.gw, 1, h);
        }
    }

    private static void clear(double[][] m) {
        for (double[] row : m) {
            java.util.Arrays.fill(row, 0.0);
        }
    }

    /**
     * c_r[col] = bias[col] + sum_{t &lt; n} s_r[t] * b[t + boff][col] for the four rows r and columns
     * col &lt; width, summed in increasing t. bias is never
     * null (zeros for none): a vector chosen by a branch would make C2 box every vector of the loop. s_r[t] is {@code sr[or + t]}. The rows may repeat (a batch's last rows), as long as equal
     * sources go with equal outputs.
     */
    static void block4(double[] s0, int o0, double[] s1, int o1, double[] s2, int o2, double[] s3, int o3,
                       int n, double[] bias, double[][] b, int boff,
                       double[] c0, double[] c1, double[] c2, double[] c3, int width) {
        int c = 0;
        for (; c + 3 * L <= width; c += 3 * L) {
            block4x3(s0, o0, s1, o1, s2, o2, s3, o3, n, bias, b, boff, c0, c1, c2, c3, c);
        }
        for (; c + L <= width; c += L) {
            block4x1(s0, o0, s1, o1, s2, o2, s3, o3, n, bias, b, boff, c0, c1, c2, c3, c);
        }
        if (c < width && width >= L) {
            // the last L columns again, overlapping the ones done: recomputed in the same order, so
            // the overlap is written with the values it already holds (scalar code is much slower)
            block4x1(s0, o0, s1, o1, s2, o2, s3, o3, n, bias, b, boff, c0, c1, c2, c3, width - L);
            return;
        }
        for (; c < width; c++) {
            double z = bias[c];
            double a0 = z, a1 = z, a2 = z, a3 = z;
            for (int t = 0; t < n; t++) {
                double bv = b[t + boff][c];
                a0 += s0[o0 + t] * bv;
                a1 += s1[o1 + t] * bv;
                a2 += s2[o2 + t] * bv;
                a3 += s3[o3 + t] * bv;
            }
            c0[c] = a0;
            c1[c] = a1;
            c2[c] = a2;
            c3[c] = a3;
        }
    }

    /** {@link #block4} on columns [c, c + 3L): twelve accumulators in registers. */
    private static void block4x3(double[] s0, int o0, double[] s1, int o1, double[] s2, int o2, double[] s3,
                                 int o3, int n, double[] bias, double[][] b, int boff,
                                 double[] c0, double[] c1, double[] c2, double[] c3, int c) {
        DoubleVector z0 = DoubleVector.fromArray(S, bias, c);
        DoubleVector z1 = DoubleVector.fromArray(S, bias, c + L);
        DoubleVector z2 = DoubleVector.fromArray(S, bias, c + 2 * L);
        DoubleVector a00 = z0, a01 = z1, a02 = z2;
        DoubleVector a10 = z0, a11 = z1, a12 = z2;
        DoubleVector a20 = z0, a21 = z1, a22 = z2;
        DoubleVector a30 = z0, a31 = z1, a32 = z2;
        for (int t = 0; t < n; t++) {
            double[] row = b[t + boff];
            DoubleVector b0 = DoubleVector.fromArray(S, row, c);
            DoubleVector b1 = DoubleVector.fromArray(S, row, c + L);
            DoubleVector b2 = DoubleVector.fromArray(S, row, c + 2 * L);
            double x0 = s0[o0 + t];
            double x1 = s1[o1 + t];
            double x2 = s2[o2 + t];
            double x3 = s3[o3 + t];
            a00 = a00.add(b0.mul(x0));
            a01 = a01.add(b1.mul(x0));
            a02 = a02.add(b2.mul(x0));
            a10 = a10.add(b0.mul(x1));
            a11 = a11.add(b1.mul(x1));
            a12 = a12.add(b2.mul(x1));
            a20 = a20.add(b0.mul(x2));
            a21 = a21.add(b1.mul(x2));
            a22 = a22.add(b2.mul(x2));
            a30 = a30.add(b0.mul(x3));
            a31 = a31.add(b1.mul(x3));
            a32 = a32.add(b2.mul(x3));
        }
        a00.intoArray(c0, c);
        a01.intoArray(c0, c + L);
        a02.intoArray(c0, c + 2 * L);
        a10.intoArray(c1, c);
        a11.intoArray(c1, c + L);
        a12.intoArray(c1, c + 2 * L);
        a20.intoArray(c2, c);
        a21.intoArray(c2, c + L);
        a22.intoArray(c2, c + 2 * L);
        a30.intoArray(c3, c);
        a31.intoArray(c3, c + L);
        a32.intoArray(c3, c + 2 * L);
    }

    /** {@link #block4} on columns [c, c + L). */
    private static void block4x1(double[] s0, int o0, double[] s1, int o1, double[] s2, int o2, double[] s3,
                                 int o3, int n, double[] bias, double[][] b, int boff,
                                 double[] c0, double[] c1, double[] c2, double[] c3, int c) {
        DoubleVector z = DoubleVector.fromArray(S, bias, c);
        DoubleVector a0 = z, a1 = z, a2 = z, a3 = z;
        for (int t = 0; t < n; t++) {
            DoubleVector bv = DoubleVector.fromArray(S, b[t + boff], c);
            a0 = a0.add(bv.mul(s0[o0 + t]));
            a1 = a1.add(bv.mul(s1[o1 + t]));
            a2 = a2.add(bv.mul(s2[o2 + t]));
            a3 = a3.add(bv.mul(s3[o3 + t]));
        }
        a0.intoArray(c0, c);
        a1.intoArray(c1, c);
        a2.intoArray(c2, c);
        a3.intoArray(c3, c);
    }

    /**
     * g[t + goff] = (((g[t + goff] + s_0[t] q0) + s_1[t] q1) + s_2[t] q2) + s_3[t] q3 over columns
     * &lt; width, for t &lt; n: four batch rows added to each gradient row in row order. The rows
     * q are held in registers while t runs.
     */
    static void outer4(double[] s0, int o0, double[] s1, int o1, double[] s2, int o2, double[] s3, int o3,
                       int n, double[] q0, double[] q1, double[] q2, double[] q3,
                       double[][] g, int goff, int width) {
        int c = 0;
        for (; c + 3 * L <= width; c += 3 * L) {
            outer4x3(s0, o0, s1, o1, s2, o2, s3, o3, n, q0, q1, q2, q3, g, goff, c);
        }
        for (; c + L <= width; c += L) {
            outer4x1(s0, o0, s1, o1, s2, o2, s3, o3, n, q0, q1, q2, q3, g, goff, c);
        }
        if (c < width && width >= L) {
            // the last L columns, overlapping the ones done: only lanes >= c take the new sums
            outer4tail(s0, o0, s1, o1, s2, o2, s3, o3, n, q0, q1, q2, q3, g, goff, width - L, c - (width - L));
            return;
        }
        for (; c < width; c++) {
            double v0 = q0[c];
            double v1 = q1[c];
            double v2 = q2[c];
            double v3 = q3[c];
            for (int t = 0; t < n; t++) {
                double[] row = g[t + goff];
                row[c] = (((row[c] + s0[o0 + t] * v0) + s1[o1 + t] * v1) + s2[o2 + t] * v2) + s3[o3 + t] * v3;
            }
        }
    }

    /** {@link #outer4} on columns [c, c + 3L): the four rows' twelve vectors stay in registers. */
    private static void outer4x3(double[] s0, int o0, double[] s1, int o1, double[] s2, int o2, double[] s3,
                                 int o3, int n, double[] q0, double[] q1, double[] q2, double[] q3,
                                 double[][] g, int goff, int c) {
        DoubleVector q00 = DoubleVector.fromArray(S, q0, c);
        DoubleVector q01 = DoubleVector.fromArray(S, q0, c + L);
        DoubleVector q02 = DoubleVector.fromArray(S, q0, c + 2 * L);
        DoubleVector q10 = DoubleVector.fromArray(S, q1, c);
        DoubleVector q11 = DoubleVector.fromArray(S, q1, c + L);
        DoubleVector q12 = DoubleVector.fromArray(S, q1, c + 2 * L);
        DoubleVector q20 = DoubleVector.fromArray(S, q2, c);
        DoubleVector q21 = DoubleVector.fromArray(S, q2, c + L);
        DoubleVector q22 = DoubleVector.fromArray(S, q2, c + 2 * L);
        DoubleVector q30 = DoubleVector.fromArray(S, q3, c);
        DoubleVector q31 = DoubleVector.fromArray(S, q3, c + L);
        DoubleVector q32 = DoubleVector.fromArray(S, q3, c + 2 * L);
        for (int t = 0; t < n; t++) {
            double[] row = g[t + goff];
            double x0 = s0[o0 + t];
            double x1 = s1[o1 + t];
            double x2 = s2[o2 + t];
            double x3 = s3[o3 + t];
            DoubleVector g0 = DoubleVector.fromArray(S, row, c);
            DoubleVector g1 = DoubleVector.fromArray(S, row, c + L);
            DoubleVector g2 = DoubleVector.fromArray(S, row, c + 2 * L);
            g0 = g0.add(q00.mul(x0)).add(q10.mul(x1)).add(q20.mul(x2)).add(q30.mul(x3));
            g1 = g1.add(q01.mul(x0)).add(q11.mul(x1)).add(q21.mul(x2)).add(q31.mul(x3));
            g2 = g2.add(q02.mul(x0)).add(q12.mul(x1)).add(q22.mul(x2)).add(q32.mul(x3));
            g0.intoArray(row, c);
            g1.intoArray(row, c + L);
            g2.intoArray(row, c + 2 * L);
        }
    }

    /** {@link #outer4} on columns [c, c + L). */
    private static void outer4x1(double[] s0, int o0, double[] s1, int o1, double[] s2, int o2, double[] s3,
                                 int o3, int n, double[] q0, double[] q1, double[] q2, double[] q3,
                                 double[][] g, int goff, int c) {
        DoubleVector q00 = DoubleVector.fromArray(S, q0, c);
        DoubleVector q10 = DoubleVector.fromArray(S, q1, c);
        DoubleVector q20 = DoubleVector.fromArray(S, q2, c);
        DoubleVector q30 = DoubleVector.fromArray(S, q3, c);
        for (int t = 0; t < n; t++) {
            double[] row = g[t + goff];
            DoubleVector g0 = DoubleVector.fromArray(S, row, c);
            g0 = g0.add(q00.mul(s0[o0 + t])).add(q10.mul(s1[o1 + t])).add(q20.mul(s2[o2 + t])).add(q30.mul(s3[o3 + t]));
            g0.intoArray(row, c);
        }
    }

    /** {@link #outer4x1} that changes only lanes {@code first} and up (columns c + first and up). */
    private static void outer4tail(double[] s0, int o0, double[] s1, int o1, double[] s2, int o2, double[] s3,
                                   int o3, int n, double[] q0, double[] q1, double[] q2, double[] q3,
                                   double[][] g, int goff, int c, int first) {
        VectorMask<Double> tail = IOTA.compare(VectorOperators.GE, first);
        DoubleVector q00 = DoubleVector.fromArray(S, q0, c);
        DoubleVector q10 = DoubleVector.fromArray(S, q1, c);
        DoubleVector q20 = DoubleVector.fromArray(S, q2, c);
        DoubleVector q30 = DoubleVector.fromArray(S, q3, c);
        for (int t = 0; t < n; t++) {
            double[] row = g[t + goff];
            DoubleVector old = DoubleVector.fromArray(S, row, c);
            DoubleVector g0 = old.add(q00.mul(s0[o0 + t])).add(q10.mul(s1[o1 + t])).add(q20.mul(s2[o2 + t]))
                    .add(q30.mul(s3[o3 + t]));
            old.blend(g0, tail).intoArray(row, c);
        }
    }

    /** g[t + goff] += s[t] q over columns &lt; width, for t &lt; n (one batch row). */
    static void outer1(double[] s, int o, int n, double[] q, double[][] g, int goff, int width) {
        for (int t = 0; t < n; t++) {
            double x = s[o + t];
            double[] row = g[t + goff];
            int c = 0;
            for (; c + L <= width; c += L) {
                DoubleVector.fromArray(S, row, c).add(DoubleVector.fromArray(S, q, c).mul(x)).intoArray(row, c);
            }
            for (; c < width; c++) {
                row[c] += x * q[c];
            }
        }
    }

    /** z = relu(a) = max(a, 0) over the first h entries (NaN stays NaN, -0 becomes 0, as Math.max). */
    private static void relu(double[] a, double[] z, int h) {
        int m = 0;
        for (; m + L <= h; m += L) {
            DoubleVector v = DoubleVector.fromArray(S, a, m);
            v.blend(0.0, v.compare(VectorOperators.LE, 0.0)).intoArray(z, m);
        }
        for (; m < h; m++) {
            z[m] = Math.max(a[m], 0.0);
        }
    }

    /** y = onehot(label) - y over the first k entries. */
    private static void residualRow(double[] y, int label, int k) {
        int c = 0;
        for (; c + L <= k; c += L) {
            DoubleVector.fromArray(S, y, c).neg().intoArray(y, c);
        }
        for (; c < k; c++) {
            y[c] = -y[c];
        }
        y[label] += 1.0;
    }

    /** g = a >= 0 ? g : 0, element-wise (NaN in a gives 0, as the scalar kernel). */
    private static void reluMask(double[] g, double[] a, int h) {
        int m = 0;
        for (; m + L <= h; m += L) {
            VectorMask<Double> on = DoubleVector.fromArray(S, a, m).compare(VectorOperators.GE, 0.0);
            DoubleVector.zero(S).blend(DoubleVector.fromArray(S, g, m), on).intoArray(g, m);
        }
        for (; m < h; m++) {
            g[m] = a[m] >= 0.0 ? g[m] : 0.0;
        }
    }

    /**
     * As {@link MlpKernel#softmaxInPlace} on o[0..k), to the bit: the maximum by vectors (exact in
     * any order), the exponentials by Math.exp summed in index order, the divisions by vectors.
     * Not the Vector API's EXP: compiled it is Intel's SVML, interpreted it is Math.exp per lane,
     * so results would depend on when C2 compiled the method and a job would not repeat to the
     * bit. When k is not a multiple of L the last L entries are one more vector overlapping the
     * others, computed before any of them is overwritten.
     */
    static void softmaxInPlace(double[] o, int k) {
        if (k < L) {
            MlpKernel.softmaxInPlace(o, k);
            return;
        }
        int full = k - k % L;
        int last = k - L;
        DoubleVector mv = DoubleVector.fromArray(S, o, last);
        for (int c = 0; c < full; c += L) {
            mv = mv.max(DoubleVector.fromArray(S, o, c));
        }
        double max = mv.reduceLanes(VectorOperators.MAX);
        double sum = 0;
        for (int c = 0; c < k; c++) {
            double e = Math.exp(o[c] - max);
            o[c] = e;
            sum += e;
        }
        DoubleVector sv = DoubleVector.broadcast(S, sum);
        DoubleVector tailQ = DoubleVector.fromArray(S, o, last).div(sv);
        for (int c = 0; c < full; c += L) {
            DoubleVector.fromArray(S, o, c).div(sv).intoArray(o, c);
        }
        tailQ.intoArray(o, last);
    }
}
