package mlptrainer.model;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link MlpKernel#run} with the Vector API ({@code jdk.incubator.vector}), used when the JVM runs
 * with {@code --add-modules jdk.incubator.vector} (see {@link MlpKernel#VECTOR}).
 *
 * <p>C2 in JDK 17 vectorises loops over h = 24 or k = 26 poorly: its vector loop is unrolled past
 * that length, so most of the work runs in the scalar pre and post loops. Here the vectors are
 * explicit and register-tiled: four batch rows times up to three vectors of columns stay in
 * registers while the loop runs over the shared dimension, so each weight vector is loaded once
 * per four rows. A block of four rows goes through the forward pass, the softmax and the gradient
 * while it is in L1, and the workspace's rows are padded to whole vectors, so no loop has a tail.
 *
 * <p>Results: the same operations in the same order as {@link MlpKernel}'s scalar loops, lane by
 * lane (fused multiply-adds in increasing index, {@link Exp}'s sequence for the exponential, sums
 * in class order), so the two kernels give the same bits whatever the vector length.
 */
final class VectorKernel {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final double[] ONE = {1.0};
    /** 0, 1, ..., L-1: lane masks by comparison (cheaper than indexInRange in JDK 17). */
    private static final DoubleVector IOTA = iota();

    private VectorKernel() {
    }

    /** @return doubles per vector on this machine (8 with AVX-512, 4 with AVX2) */
    static int lanes() {
        return L;
    }

    private static DoubleVector iota() {
        double[] lanes = new double[L];
        for (int i = 0; i < L; i++) {
            lanes[i] = i;
        }
        return DoubleVector.fromArray(S, lanes, 0);
    }

    /** As {@link MlpKernel#run} after its gradient set-up, for count >= 1. */
    static double run(double[] x, int[] labels, int d, int[] rows, int from, int count, Workspace ws,
                      boolean gradient, int[] predicted) {
        double loss = 0;
        int r = 0;
        for (; r + 4 <= count; r += 4) {
            int at = from + r;
            int x0 = rows[at] * d;
            int x1 = rows[at + 1] * d;
            int x2 = rows[at + 2] * d;
            int x3 = rows[at + 3] * d;
            forward4(x, x0, x1, x2, x3, ws);
            loss = lossAndPredictions(labels, rows, at, 4, ws, loss, predicted);
            if (gradient) {
                gradient4(x, x0, x1, x2, x3, labels, rows, at, ws);
            }
        }
        for (; r < count; r++) {
            int at = from + r;
            int xo = rows[at] * d;
            forward4(x, xo, xo, xo, xo, ws); // the row four times: the same values into a[0..3]
            loss = lossAndPredictions(labels, rows, at, 1, ws, loss, predicted);
            if (gradient) {
                gradient1(x, xo, labels[rows[at]], ws);
            }
        }
        return loss;
    }

    /** a[i] = X1 W, z[i] = relu(a[i]), y[i] = softmax(Z1 V) for the rows at x0..x3. */
    private static void forward4(double[] x, int x0, int x1, int x2, int x3, Workspace ws) {
        double[][] a = ws.a;
        double[][] z = ws.z;
        double[][] y = ws.y;
        block4(x, x0, x, x1, x, x2, x, x3, ws.d, ws.w[0], ws.w, 1, a[0], a[1], a[2], a[3], ws.hp);
        for (int i = 0; i < 4; i++) {
            relu(a[i], z[i], ws.hp);
        }
        block4(z[0], 0, z[1], 0, z[2], 0, z[3], 0, ws.h, ws.v[0], ws.v, 1, y[0], y[1], y[2], y[3], ws.kp);
        softmax4InPlace(y, ws.k, ws.kp, ws.rowMax);
    }

    /** Adds the first {@code rows} block rows' loss terms to {@code loss} in row order, and their predictions. */
    private static double lossAndPredictions(int[] labels, int[] rows, int at, int count, Workspace ws, double loss,
                                             int[] predicted) {
        double out = loss;
        for (int i = 0; i < count; i++) {
            if (predicted != null) {
                predicted[at + i] = MlpKernel.argmax(ws.y[i], ws.k);
            }
            out -= MlpKernel.logProbability(ws.y[i], labels[rows[at + i]]);
        }
        return out;
    }

    /** The gradient of the four block rows after {@link #forward4}, added into gv and gw in row order. */
    private static void gradient4(double[] x, int x0, int x1, int x2, int x3, int[] labels, int[] rows, int at,
                                  Workspace ws) {
        double[][] y = ws.y;
        double[][] g = ws.g;
        double[][] z = ws.z;
        for (int i = 0; i < 4; i++) {
            residualRow(y[i], labels[rows[at + i]], ws.kp);
        }
        block4(y[0], 0, y[1], 0, y[2], 0, y[3], 0, ws.k, ws.zeros, ws.vt, 0, g[0], g[1], g[2], g[3], ws.hp);
        for (int i = 0; i < 4; i++) {
            reluMask(g[i], ws.a[i], ws.hp);
        }
        // gv[0] += D rows, gv[m+1] += relu(a[m]) D rows; gw[0] += G rows, gw[j+1] += x[j] G rows
        outer4(ONE, 0, ONE, 0, ONE, 0, ONE, 0, 1, y[0], y[1], y[2], y[3], ws.gv, 0, ws.kp);
        outer4(z[0], 0, z[1], 0, z[2], 0, z[3], 0, ws.h, y[0], y[1], y[2], y[3], ws.gv, 1, ws.kp);
        outer4(ONE, 0, ONE, 0, ONE, 0, ONE, 0, 1, g[0], g[1], g[2], g[3], ws.gw, 0, ws.hp);
        outer4(x, x0, x, x1, x, x2, x, x3, ws.d, g[0], g[1], g[2], g[3], ws.gw, 1, ws.hp);
    }

    /** {@link #gradient4} for block row 0 alone (a batch's last rows). */
    private static void gradient1(double[] x, int xo, int label, Workspace ws) {
        double[] y = ws.y[0];
        double[] g = ws.g[0];
        residualRow(y, label, ws.kp);
        block4(y, 0, y, 0, y, 0, y, 0, ws.k, ws.zeros, ws.vt, 0, g, g, g, g, ws.hp);
        reluMask(g, ws.a[0], ws.hp);
        outer1(ONE, 0, 1, y, ws.gv, 0, ws.kp);
        outer1(ws.z[0], 0, ws.h, y, ws.gv, 1, ws.kp);
        outer1(ONE, 0, 1, g, ws.gw, 0, ws.hp);
        outer1(x, xo, ws.d, g, ws.gw, 1, ws.hp);
    }

    /**
     * c_r[col] = bias[col] + sum_{t &lt; n} s_r[t] * b[t + boff][col] for the four rows r and columns
     * col &lt; width (a multiple of L), the terms added in increasing t by fused multiply-adds.
     * s_r[t] is {@code sr[or + t]}. bias is never null (zeros for none): a vector chosen by a branch
     * would make C2 box every vector of the loop. The rows may repeat (a batch's last rows), as
     * long as equal sources go with equal outputs.
     */
    static void block4(double[] s0, int o0, double[] s1, int o1, double[] s2, int o2, double[] s3, int o3,
                       int n, double[] bias, double[][] b, int boff,
                       double[] c0, double[] c1, double[] c2, double[] c3, int width) {
        int c = 0;
        for (; c + 3 * L <= width; c += 3 * L) {
            block4x3(s0, o0, s1, o1, s2, o2, s3, o3, n, bias, b, boff, c0, c1, c2, c3, c);
        }
        for (; c < width; c += L) {
            block4x1(s0, o0, s1, o1, s2, o2, s3, o3, n, bias, b, boff, c0, c1, c2, c3, c);
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
            DoubleVector x0 = DoubleVector.broadcast(S, s0[o0 + t]);
            DoubleVector x1 = DoubleVector.broadcast(S, s1[o1 + t]);
            DoubleVector x2 = DoubleVector.broadcast(S, s2[o2 + t]);
            DoubleVector x3 = DoubleVector.broadcast(S, s3[o3 + t]);
            a00 = b0.fma(x0, a00);
            a01 = b1.fma(x0, a01);
            a02 = b2.fma(x0, a02);
            a10 = b0.fma(x1, a10);
            a11 = b1.fma(x1, a11);
            a12 = b2.fma(x1, a12);
            a20 = b0.fma(x2, a20);
            a21 = b1.fma(x2, a21);
            a22 = b2.fma(x2, a22);
            a30 = b0.fma(x3, a30);
            a31 = b1.fma(x3, a31);
            a32 = b2.fma(x3, a32);
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
            a0 = bv.fma(DoubleVector.broadcast(S, s0[o0 + t]), a0);
            a1 = bv.fma(DoubleVector.broadcast(S, s1[o1 + t]), a1);
            a2 = bv.fma(DoubleVector.broadcast(S, s2[o2 + t]), a2);
            a3 = bv.fma(DoubleVector.broadcast(S, s3[o3 + t]), a3);
        }
        a0.intoArray(c0, c);
        a1.intoArray(c1, c);
        a2.intoArray(c2, c);
        a3.intoArray(c3, c);
    }

    /**
     * g[t + goff] = fma(s_3[t], q3, fma(s_2[t], q2, fma(s_1[t], q1, fma(s_0[t], q0, g[t + goff]))))
     * over columns &lt; width (a multiple of L), for t &lt; n: four batch rows added to each
     * gradient row in row order. The rows q are held in registers while t runs.
     */
    static void outer4(double[] s0, int o0, double[] s1, int o1, double[] s2, int o2, double[] s3, int o3,
                       int n, double[] q0, double[] q1, double[] q2, double[] q3,
                       double[][] g, int goff, int width) {
        int c = 0;
        for (; c + 3 * L <= width; c += 3 * L) {
            outer4x3(s0, o0, s1, o1, s2, o2, s3, o3, n, q0, q1, q2, q3, g, goff, c);
        }
        for (; c < width; c += L) {
            outer4x1(s0, o0, s1, o1, s2, o2, s3, o3, n, q0, q1, q2, q3, g, goff, c);
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
            DoubleVector x0 = DoubleVector.broadcast(S, s0[o0 + t]);
            DoubleVector x1 = DoubleVector.broadcast(S, s1[o1 + t]);
            DoubleVector x2 = DoubleVector.broadcast(S, s2[o2 + t]);
            DoubleVector x3 = DoubleVector.broadcast(S, s3[o3 + t]);
            DoubleVector g0 = DoubleVector.fromArray(S, row, c);
            DoubleVector g1 = DoubleVector.fromArray(S, row, c + L);
            DoubleVector g2 = DoubleVector.fromArray(S, row, c + 2 * L);
            g0 = q30.fma(x3, q20.fma(x2, q10.fma(x1, q00.fma(x0, g0))));
            g1 = q31.fma(x3, q21.fma(x2, q11.fma(x1, q01.fma(x0, g1))));
            g2 = q32.fma(x3, q22.fma(x2, q12.fma(x1, q02.fma(x0, g2))));
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
            g0 = q00.fma(DoubleVector.broadcast(S, s0[o0 + t]), g0);
            g0 = q10.fma(DoubleVector.broadcast(S, s1[o1 + t]), g0);
            g0 = q20.fma(DoubleVector.broadcast(S, s2[o2 + t]), g0);
            g0 = q30.fma(DoubleVector.broadcast(S, s3[o3 + t]), g0);
            g0.intoArray(row, c);
        }
    }

    /** g[t + goff] = fma(s[t], q, g[t + goff]) over columns &lt; width, for t &lt; n (one batch row). */
    static void outer1(double[] s, int o, int n, double[] q, double[][] g, int goff, int width) {
        for (int t = 0; t < n; t++) {
            DoubleVector x = DoubleVector.broadcast(S, s[o + t]);
            double[] row = g[t + goff];
            for (int c = 0; c < width; c += L) {
                DoubleVector.fromArray(S, q, c).fma(x, DoubleVector.fromArray(S, row, c)).intoArray(row, c);
            }
        }
    }

    /** z = relu(a) = max(a, 0) over the first h entries (NaN stays NaN, -0 becomes 0, as Math.max). */
    private static void relu(double[] a, double[] z, int h) {
        for (int m = 0; m < h; m += L) {
            DoubleVector v = DoubleVector.fromArray(S, a, m);
            v.blend(0.0, v.compare(VectorOperators.LE, 0.0)).intoArray(z, m);
        }
    }

    /** y = onehot(label) - y over the first k entries. */
    private static void residualRow(double[] y, int label, int k) {
        for (int c = 0; c < k; c += L) {
            DoubleVector.fromArray(S, y, c).neg().intoArray(y, c);
        }
        y[label] += 1.0;
    }

    /** g = a >= 0 ? g : 0, element-wise (NaN in a gives 0, as the scalar kernel). */
    private static void reluMask(double[] g, double[] a, int h) {
        for (int m = 0; m < h; m += L) {
            VectorMask<Double> on = DoubleVector.fromArray(S, a, m).compare(VectorOperators.GE, 0.0);
            DoubleVector.zero(S).blend(DoubleVector.fromArray(S, g, m), on).intoArray(g, m);
        }
    }

    /**
     * As {@link MlpKernel#softmaxInPlace} on o[0..k) of the four rows of o, to the bit, over rows
     * padded to kp: the maximum by vectors (exact in any order), the exponentials by {@link #exp}
     * lane by lane, each sum in class order, the divisions by vectors. The padding lanes (k and
     * up) take no part: they are left out of the maximum, their exponent is 0, and they end as 0.
     *
     * <p>Shape for C2: the exponential appears once, in a loop, so that it is inlined (a method
     * taking a vector that is not inlined gets the vector boxed on every call; sixteen inlined
     * copies hit C2's node-count cutoff). The four sums run side by side so that their chains of
     * dependent additions overlap.
     *
     * @param max scratch of 4 doubles
     */
    static void softmax4InPlace(double[][] o, int k, int kp, double[] max) {
        for (int i = 0; i < 4; i++) {
            max[i] = rowMax(o[i], k, kp);
        }
        for (int i = 0; i < 4; i++) {
            double[] row = o[i];
            DoubleVector m = DoubleVector.broadcast(S, max[i]);
            for (int c = 0; c < kp; c += L) {
                // padding lanes get exponent 0 (in range whatever the maximum); zeroed below
                DoubleVector x = DoubleVector.fromArray(S, row, c).sub(m).blend(0.0, padding(k, c));
                if (x.abs().compare(VectorOperators.LE, Exp.LIMIT).allTrue()) {
                    exp(x).intoArray(row, c);
                } else {
                    expEachLane(x, row, c);
                }
            }
        }
        double[] o0 = o[0];
        double[] o1 = o[1];
        double[] o2 = o[2];
        double[] o3 = o[3];
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        for (int c = 0; c < k; c++) {
            s0 += o0[c];
            s1 += o1[c];
            s2 += o2[c];
            s3 += o3[c];
        }
        divide(o0, s0, k, kp);
        divide(o1, s1, k, kp);
        divide(o2, s2, k, kp);
        divide(o3, s3, k, kp);
    }

    /** @return the lanes of the vector at c that are padding (index k and up) */
    private static VectorMask<Double> padding(int k, int c) {
        return IOTA.compare(VectorOperators.GE, k - c);
    }

    /** The largest of o[0..k), by vectors over the padded row. */
    private static double rowMax(double[] o, int k, int kp) {
        DoubleVector first = DoubleVector.broadcast(S, o[0]);
        DoubleVector mv = first;
        for (int c = 0; c < kp; c += L) {
            mv = mv.max(DoubleVector.fromArray(S, o, c).blend(first, padding(k, c)));
        }
        return mv.reduceLanes(VectorOperators.MAX);
    }

    /** o /= sum lane by lane, the padding lanes set to 0. */
    private static void divide(double[] o, double sum, int k, int kp) {
        DoubleVector sv = DoubleVector.broadcast(S, sum);
        for (int c = 0; c < kp; c += L) {
            DoubleVector.fromArray(S, o, c).div(sv).blend(0.0, padding(k, c)).intoArray(o, c);
        }
    }

    /** out[c..c+L) = {@link Exp#exp} of each lane: a lane beyond the polynomial's range, or NaN. */
    private static void expEachLane(DoubleVector x, double[] out, int c) {
        x.intoArray(out, c);
        for (int i = c; i < c + L; i++) {
            out[i] = Exp.exp(out[i]);
        }
    }

    /** {@link Exp#exp}'s operations on every lane, for |x| <= {@link Exp#LIMIT}. */
    private static DoubleVector exp(DoubleVector x) {
        DoubleVector t = x.fma(DoubleVector.broadcast(S, Exp.LOG2E), DoubleVector.broadcast(S, Exp.SHIFTER));
        DoubleVector minusN = t.sub(Exp.SHIFTER).neg();
        DoubleVector r = minusN.fma(DoubleVector.broadcast(S, Exp.LN2_HI), x);
        r = minusN.fma(DoubleVector.broadcast(S, Exp.LN2_LO), r);
        double[] c = Exp.TAYLOR;
        DoubleVector p = DoubleVector.broadcast(S, c[12]);
        for (int i = 11; i >= 0; i--) {
            p = p.fma(r, DoubleVector.broadcast(S, c[i]));
        }
        DoubleVector scale = t.reinterpretAsLongs().add(Exp.EXPONENT_BIAS)
                .lanewise(VectorOperators.LSHL, Exp.MANTISSA_BITS).reinterpretAsDoubles();
        return p.mul(scale);
    }
}
