package mlptrainer.model;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link MlpKernel#run} with the Vector API ({@code jdk.incubator.vector}), used when the JVM runs
 * with {@code --add-modules jdk.incubator.vector} (see {@link MlpKernel#VECTOR}).
 *
 * <p>A batch goes through in blocks of B = 2L rows (L doubles per vector: 8 with AVX-512, 4 with AVX2),
 * and each step uses the layout that fills whole vectors without padding:
 * <ul>
 * <li>the hidden layer and the output layer row by row ({@link #block4}: four rows times up to three
 *     vectors of hidden units, or of classes, in registers while the loop runs over the inputs, or
 *     the hidden units), with no transposed copy of a weight matrix (gradient batches at small h
 *     take the output layer over classes instead, {@link #outputLayerByClasses});
 * <li>everything else over classes "transposed", two vectors per class holding the block's B rows
 *     (the outputs transposed once per block, k x B values): the softmax (its maximum, sum and
 *     division become lane-wise operations over k vectors, with no horizontal reductions and no
 *     padding lanes), the loss terms and the residual, and the hidden gradient (D V[1:]^T, one
 *     vector per hidden unit, {@link #tileRowsT} reading V's rows as they are);
 * <li>the weight gradients as sums of outer products in row order ({@link #outer4}): the rows of
 *     Z (or X) held in registers, the factor from D (or G) broadcast from the transposed block,
 *     into gradient matrices stored transposed ({@code gvT}, {@code gwT}) so that the vectors run
 *     over hidden units (or inputs); {@link #untranspose} copies them into gv and gw once per call.
 *     The bias rows' sums ride in the same loops.
 * </ul>
 * A block's input rows are the rows a trainer bound for the task ({@link Workspace#bindRows}),
 * else copies of them. Wide inputs ({@link WideKernel#applies}) take {@link WideKernel}, which runs
 * the products over the inputs for a whole batch and the rest through the steps here.
 *
 * <p>C2 in JDK 17 vectorises loops over h = 24 or k = 26 poorly (its vector loop is unrolled past
 * that length), so the vectors here are explicit.
 *
 * <p>Results: the same operations in the same order as {@link MlpKernel}'s scalar loops, element
 * by element (fused multiply-adds in increasing index, {@link Exp}'s sequence for the exponential,
 * sums in class order, each gradient element receiving the batch's rows in row order), so the two
 * kernels give the same bits whatever the vector length. Lanes of a block's last rows beyond the
 * batch repeat its last row: they are computed and never added to a result.
 */
final class VectorKernel {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Long> SL = VectorSpecies.of(long.class, S.vectorShape());
    private static final int L = S.length();
    /**
     * The widest hidden layer whose gradient batches take {@link #outputLayerByClasses}: with few
     * hidden units it spends no products on the padding classes, and was 3 to 4% faster per course
     * task (h 24); at h 384 the rows' layout was 4% faster per fast-preset task (batches of 16).
     */
    private static final int BY_CLASSES_MAX_HIDDEN = 64;
    /** Rows per block: two vectors' worth, so that a transposed tile loads two sources per broadcast weight. */
    private static final int B = 2 * L;
    // Exp.TAYLOR as constants, for the written-out Horner scheme of exp
    private static final double T0 = Exp.TAYLOR[0], T1 = Exp.TAYLOR[1], T2 = Exp.TAYLOR[2], T3 = Exp.TAYLOR[3];
    private static final double T4 = Exp.TAYLOR[4], T5 = Exp.TAYLOR[5], T6 = Exp.TAYLOR[6], T7 = Exp.TAYLOR[7];
    private static final double T8 = Exp.TAYLOR[8], T9 = Exp.TAYLOR[9], T10 = Exp.TAYLOR[10];
    private static final double T11 = Exp.TAYLOR[11], T12 = Exp.TAYLOR[12];
    // Log.SERIES as constants, for the written-out Horner scheme of log
    private static final double L0 = Log.SERIES[0], L1 = Log.SERIES[1], L2 = Log.SERIES[2], L3 = Log.SERIES[3];
    private static final double L4 = Log.SERIES[4], L5 = Log.SERIES[5], L6 = Log.SERIES[6], L7 = Log.SERIES[7];
    private static final double L8 = Log.SERIES[8], L9 = Log.SERIES[9];

    private VectorKernel() {
    }

    /** @return doubles per vector on this machine (8 with AVX-512, 4 with AVX2) */
    static int lanes() {
        return L;
    }

    /** @return the rows of a block, which the workspace's block buffers hold */
    static int blockRows() {
        return B;
    }

    /** As {@link MlpKernel#run} after its gradient set-up, for count >= 1; needs L to be a multiple of 4. */
    static double run(double[] x, int[] labels, int d, int[] rows, int from, int count, Workspace ws,
                      boolean gradient, int[] predicted) {
        if (WideKernel.applies(ws, count, gradient)) {
            return WideKernel.run(x, labels, d, rows, from, count, ws, gradient, predicted);
        }
        if (gradient) {
            MlpKernel.clear(ws.gvT);
            MlpKernel.clear(ws.gwT);
            if (byClasses(ws)) {
                MlpKernel.transposeHiddenRows(ws);
            }
        }
        double loss = 0;
        for (int r = 0; r < count; r += B) {
            int at = from + r;
            int n = Math.min(B, count - r);
            loadRows(x, d, rows, at, n, ws);
            forward(ws, gradient);
            loss = lossAndPredictions(labels, rows, at, n, ws, loss, predicted);
            if (gradient) {
                residual(labels, rows, at, n, ws);
                backward(n, ws);
            }
        }
        if (gradient) {
            untranspose(ws);
        }
        return loss;
    }

    /**
     * xr[i] = the block's rows (the last one repeated past n), each padded to whole vectors: the
     * bound rows themselves when x is bound ({@link Workspace#bindRows}), else copies.
     */
    private static void loadRows(double[] x, int d, int[] rows, int at, int n, Workspace ws) {
        double[][] bound = ws.boundX == x ? ws.xRows : null;
        for (int i = 0; i < B; i++) {
            int row = rows[at + Math.min(i, n - 1)];
            if (bound != null) {
                ws.xr[i] = bound[row];
            } else {
                System.arraycopy(x, row * d, ws.xrOwn[i], 0, d);
                ws.xr[i] = ws.xrOwn[i];
            }
        }
    }

    /** a = X1 W by rows, then the output layer (by classes for a gradient batch at small h). */
    private static void forward(Workspace ws, boolean gradient) {
        double[][] xr = ws.xr;
        double[][] a = ws.a;
        for (int i = 0; i < B; i += 4) {
            block4(xr[i], xr[i + 1], xr[i + 2], xr[i + 3], ws.d, ws.w[0], ws.w, 1,
                    a[i], a[i + 1], a[i + 2], a[i + 3], ws.hp);
        }
        if (gradient && byClasses(ws)) {
            outputLayerByClasses(ws);
        } else {
            outputLayer(ws);
        }
    }

    /** @return whether gradient batches take {@link #outputLayerByClasses} (see {@link #BY_CLASSES_MAX_HIDDEN}) */
    private static boolean byClasses(Workspace ws) {
        return ws.h <= BY_CLASSES_MAX_HIDDEN;
    }

    /**
     * {@link #outputLayer} transposed, for a batch that goes on to the gradient, which needs aT
     * anyway: aT, zT = relu(aT) and z = relu(a) by rows, oT = Z1 V over exactly k classes (from
     * vt, which {@link #run} refreshed), yT = softmax(oT) in place. The same bits as
     * {@link #outputLayer}. Then {@link #backward} finds aT ready; {@link #backwardToHidden}
     * (WideKernel's) transposes A itself.
     */
    private static void outputLayerByClasses(Workspace ws) {
        for (int i = 0; i < B; i++) {
            relu(ws.a[i], ws.z[i], ws.hp);
        }
        transpose(ws.a, ws.h, ws.aT);
        relu(ws.aT, ws.zT, ws.h * B);
        tileRowsT(ws.zT, ws.h, ws.vt, 0, ws.v[0], ws.oT, ws.k);
        softmaxT(ws.oT, ws.k, ws.maxLanes);
    }

    /**
     * From the block's rows of A in a: z = relu(a) by rows, Z1 V by rows (in o, over whole vectors
     * of classes), then transposed into oT, and yT = softmax(oT) in place.
     */
    static void outputLayer(Workspace ws) {
        double[][] z = ws.z;
        double[][] o = ws.o;
        for (int i = 0; i < B; i++) {
            relu(ws.a[i], z[i], ws.hp);
        }
        for (int i = 0; i < B; i += 4) {
            block4(z[i], z[i + 1], z[i + 2], z[i + 3], ws.h, ws.v[0], ws.v, 1, o[i], o[i + 1], o[i + 2], o[i + 3],
                    ws.kp);
        }
        transpose(o, ws.k, ws.oT);
        softmaxT(ws.oT, ws.k, ws.maxLanes);
    }

    /** outT[m*B + i] = rows[i][m] for m &lt; cols, i &lt; B. */
    private static void transpose(double[][] rows, int cols, double[] outT) {
        for (int i = 0; i < B; i++) {
            double[] row = rows[i];
            for (int m = 0; m < cols; m++) {
                outT[m * B + i] = row[m];
            }
        }
    }

    /** Adds the first n rows' loss terms to {@code loss} in row order, and their predictions. */
    static double lossAndPredictions(int[] labels, int[] rows, int at, int n, Workspace ws, double loss,
                                             int[] predicted) {
        double[] yT = ws.oT;
        double[] terms = ws.logs;
        for (int i = 0; i < B; i++) {
            int label = labels[rows[at + Math.min(i, n - 1)]]; // lanes past n repeat the last row, as the block
            terms[i] = yT[label * B + i] + MlpKernel.LOG_EPSILON;
        }
        for (int off = 0; off < B; off += L) { // one call site, as softmaxT
            logLanes(terms, off);
        }
        double out = loss;
        for (int i = 0; i < n; i++) {
            if (predicted != null) {
                predicted[at + i] = argmaxT(yT, ws.k, i);
            }
            out -= terms[i];
        }
        return out;
    }

    /** @return the class of the largest of lane i's k entries, the lowest on ties (as MlpKernel#argmax) */
    private static int argmaxT(double[] yT, int k, int i) {
        int best = 0;
        for (int c = 1; c < k; c++) {
            if (yT[c * B + i] > yT[best * B + i]) {
                best = c;
            }
        }
        return best;
    }

    /**
     * yT becomes D = R - Y: every lane negated, then 1 added at each real row's label; with label
     * smoothing, off - y in every lane and keep added at the labels, the scalar kernel's operations.
     */
    static void residual(int[] labels, int[] rows, int at, int n, Workspace ws) {
        double[] yT = ws.oT;
        if (ws.smoothing) {
            DoubleVector off = DoubleVector.broadcast(S, ws.smoothOff);
            for (int c = 0; c < ws.k * B; c += L) {
                off.sub(DoubleVector.fromArray(S, yT, c)).intoArray(yT, c);
            }
            for (int i = 0; i < n; i++) {
                yT[labels[rows[at + i]] * B + i] += ws.smoothKeep;
            }
            return;
        }
        for (int c = 0; c < ws.k * B; c += L) {
            DoubleVector.fromArray(S, yT, c).neg().intoArray(yT, c);
        }
        for (int i = 0; i < n; i++) {
            yT[labels[rows[at + i]] * B + i] += 1.0; // (-y) + 1 is exactly 1 - y
        }
    }

    /**
     * gT = (D V[1:]^T) * (A >= 0) transposed, then the block's first n rows added into the
     * gradients in row order: gvT[c] += D[i][c] z[i], gwT[m] += G[i][m] x[i], and the bias rows
     * gv[0] += D[i], gw[0] += G[i].
     */
    private static void backward(int n, Workspace ws) {
        if (byClasses(ws)) {
            hiddenGradients(n, ws); // outputLayerByClasses left aT ready
        } else {
            backwardToHidden(n, ws);
        }
        double[] gT = ws.gT;
        double[][] xr = ws.xr;
        int i = 0;
        for (; i + 4 <= n; i += 4) {
            outer4(gT, i, ws.h, xr[i], xr[i + 1], xr[i + 2], xr[i + 3], ws.gwT, ws.dp, ws.gw[0], ws.sink);
        }
        for (; i < n; i++) {
            outer1(gT, i, ws.h, xr[i], ws.gwT, ws.dp, ws.gw[0]);
        }
    }

    /**
     * gT = (D V[1:]^T) * (A >= 0) transposed, and the block's first n rows added into gvT and
     * gv[0] in row order ({@link #backward} without the input layer's gradient).
     */
    static void backwardToHidden(int n, Workspace ws) {
        transpose(ws.a, ws.h, ws.aT);
        hiddenGradients(n, ws);
    }

    /** {@link #backwardToHidden} once aT holds the block's A transposed. */
    private static void hiddenGradients(int n, Workspace ws) {
        double[] dT = ws.oT;
        tileRowsT(dT, ws.k, ws.v, 1, ws.zeros, ws.gT, ws.h);
        reluMask(ws.gT, ws.aT, ws.h * B);
        double[][] z = ws.z; // relu(a), from the output layer
        int i = 0;
        for (; i + 4 <= n; i += 4) {
            outer4(dT, i, ws.k, z[i], z[i + 1], z[i + 2], z[i + 3], ws.gvT, ws.hp, ws.gv[0], ws.sink);
        }
        for (; i < n; i++) {
            outer1(dT, i, ws.k, z[i], ws.gvT, ws.hp, ws.gv[0]);
        }
    }

    /** gv[m+1][c] = gvT[c][m] and gw[j+1][m] = gwT[m][j]: the transposed gradients in the workspace's layout. */
    private static void untranspose(Workspace ws) {
        untransposeOutput(ws);
        for (int m = 0; m < ws.h; m++) {
            double[] col = ws.gwT[m];
            for (int j = 0; j < ws.d; j++) {
                ws.gw[j + 1][m] = col[j];
            }
        }
    }

    /** gv[m+1][c] = gvT[c][m]; row by row of gv, so that the writes, not only the reads, run in order. */
    static void untransposeOutput(Workspace ws) {
        double[][] gvT = ws.gvT;
        for (int m = 0; m < ws.h; m++) {
            double[] row = ws.gv[m + 1];
            for (int c = 0; c < ws.k; c++) {
                row[c] = gvT[c][m];
            }
        }
    }

    /**
     * Transposed matrix product with b read by rows of outputs: outT[m] = init[m] + sum_{t &lt; n}
     * srcT[t] * b[m + boff][t] for m &lt; outs, where outT[m] and srcT[t] are the block's B rows (two
     * vectors, at m*B and t*B), the terms added in increasing t by fused multiply-adds: D V[1:]^T
     * straight from V's rows, or Z1 V from V[1:]^T. A broadcast weight costs about what a
     * multiply-add does, so each one serves both vectors of rows: tiles of six outputs keep twelve
     * accumulators in registers, one broadcast per two multiply-adds. The outputs left over run
     * first, so that their short, latency-bound chains overlap the tiles.
     */
    static void tileRowsT(double[] srcT, int n, double[][] b, int boff, double[] init, double[] outT, int outs) {
        int m = 0;
        for (; m < outs % 6; m++) {
            tileRowsT1(srcT, n, b[m + boff], init, outT, m);
        }
        for (; m < outs; m += 6) {
            tileRowsT6(srcT, n, b, boff, init, outT, m);
        }
    }

    /** {@link #tileRowsT} on outputs [m, m + 6). */
    private static void tileRowsT6(double[] srcT, int n, double[][] b, int boff, double[] init, double[] outT,
                                   int m) {
        double[] r0 = b[m + boff], r1 = b[m + boff + 1], r2 = b[m + boff + 2];
        double[] r3 = b[m + boff + 3], r4 = b[m + boff + 4], r5 = b[m + boff + 5];
        DoubleVector a0 = DoubleVector.broadcast(S, init[m]);
        DoubleVector a1 = DoubleVector.broadcast(S, init[m + 1]);
        DoubleVector a2 = DoubleVector.broadcast(S, init[m + 2]);
        DoubleVector a3 = DoubleVector.broadcast(S, init[m + 3]);
        DoubleVector a4 = DoubleVector.broadcast(S, init[m + 4]);
        DoubleVector a5 = DoubleVector.broadcast(S, init[m + 5]);
        DoubleVector e0 = a0, e1 = a1, e2 = a2, e3 = a3, e4 = a4, e5 = a5;
        for (int t = 0; t < n; t++) {
            DoubleVector s = DoubleVector.fromArray(S, srcT, t * B);
            DoubleVector u = DoubleVector.fromArray(S, srcT, t * B + L);
            DoubleVector w0 = DoubleVector.broadcast(S, r0[t]);
            DoubleVector w1 = DoubleVector.broadcast(S, r1[t]);
            DoubleVector w2 = DoubleVector.broadcast(S, r2[t]);
            DoubleVector w3 = DoubleVector.broadcast(S, r3[t]);
            DoubleVector w4 = DoubleVector.broadcast(S, r4[t]);
            DoubleVector w5 = DoubleVector.broadcast(S, r5[t]);
            a0 = s.fma(w0, a0);
            e0 = u.fma(w0, e0);
            a1 = s.fma(w1, a1);
            e1 = u.fma(w1, e1);
            a2 = s.fma(w2, a2);
            e2 = u.fma(w2, e2);
            a3 = s.fma(w3, a3);
            e3 = u.fma(w3, e3);
            a4 = s.fma(w4, a4);
            e4 = u.fma(w4, e4);
            a5 = s.fma(w5, a5);
            e5 = u.fma(w5, e5);
        }
        int o = m * B;
        a0.intoArray(outT, o);
        e0.intoArray(outT, o + L);
        a1.intoArray(outT, o + B);
        e1.intoArray(outT, o + B + L);
        a2.intoArray(outT, o + 2 * B);
        e2.intoArray(outT, o + 2 * B + L);
        a3.intoArray(outT, o + 3 * B);
        e3.intoArray(outT, o + 3 * B + L);
        a4.intoArray(outT, o + 4 * B);
        e4.intoArray(outT, o + 4 * B + L);
        a5.intoArray(outT, o + 5 * B);
        e5.intoArray(outT, o + 5 * B + L);
    }

    /** {@link #tileRowsT} on output m, whose row of b is {@code row}. */
    private static void tileRowsT1(double[] srcT, int n, double[] row, double[] init, double[] outT, int m) {
        DoubleVector a0 = DoubleVector.broadcast(S, init[m]);
        DoubleVector e0 = a0;
        for (int t = 0; t < n; t++) {
            DoubleVector w = DoubleVector.broadcast(S, row[t]);
            a0 = DoubleVector.fromArray(S, srcT, t * B).fma(w, a0);
            e0 = DoubleVector.fromArray(S, srcT, t * B + L).fma(w, e0);
        }
        a0.intoArray(outT, m * B);
        e0.intoArray(outT, m * B + L);
    }

    /**
     * c_r[col] = bias[col] + sum_{t &lt; n} s_r[t] * b[t + boff][col] for the four rows r and columns
     * col &lt; width (a multiple of L), the terms added in increasing t by fused multiply-adds.
     * s_r[t] is {@code sr[t]} (the rows' own arrays: no offsets, which left C2 short of general
     * registers in the loop). bias is never null (zeros for none): a vector chosen by a branch
     * would make C2 box every vector of the loop. The rows may repeat (a batch's last rows), as
     * long as equal sources go with equal outputs.
     */
    static void block4(double[] s0, double[] s1, double[] s2, double[] s3,
                       int n, double[] bias, double[][] b, int boff,
                       double[] c0, double[] c1, double[] c2, double[] c3, int width) {
        int c = 0;
        if (width % (3 * L) == L && width >= 4 * L) { // k = 26 in vectors of 8: one tile of four, not 3 + 1
            block4x4(s0, s1, s2, s3, n, bias, b, boff, c0, c1, c2, c3);
            c = 4 * L;
        }
        for (; c + 3 * L <= width; c += 3 * L) {
            block4x3(s0, s1, s2, s3, n, bias, b, boff, c0, c1, c2, c3, c);
        }
        for (; c < width; c += L) {
            block4x1(s0, s1, s2, s3, n, bias, b, boff, c0, c1, c2, c3, c);
        }
    }

    /**
     * {@link #block4} on columns [0, 4L): sixteen accumulators in registers, where a tile of three
     * vectors and one of one would leave the one's four short chains bound by the multiply-add's latency.
     */
    private static void block4x4(double[] s0, double[] s1, double[] s2, double[] s3, int n, double[] bias,
                                 double[][] b, int boff, double[] c0, double[] c1, double[] c2, double[] c3) {
        DoubleVector z0 = DoubleVector.fromArray(S, bias, 0);
        DoubleVector z1 = DoubleVector.fromArray(S, bias, L);
        DoubleVector z2 = DoubleVector.fromArray(S, bias, 2 * L);
        DoubleVector z3 = DoubleVector.fromArray(S, bias, 3 * L);
        DoubleVector a00 = z0, a01 = z1, a02 = z2, a03 = z3;
        DoubleVector a10 = z0, a11 = z1, a12 = z2, a13 = z3;
        DoubleVector a20 = z0, a21 = z1, a22 = z2, a23 = z3;
        DoubleVector a30 = z0, a31 = z1, a32 = z2, a33 = z3;
        for (int t = 0; t < n; t++) {
            double[] row = b[t + boff];
            DoubleVector b0 = DoubleVector.fromArray(S, row, 0);
            DoubleVector b1 = DoubleVector.fromArray(S, row, L);
            DoubleVector b2 = DoubleVector.fromArray(S, row, 2 * L);
            DoubleVector b3 = DoubleVector.fromArray(S, row, 3 * L);
            DoubleVector x0 = DoubleVector.broadcast(S, s0[t]);
            DoubleVector x1 = DoubleVector.broadcast(S, s1[t]);
            DoubleVector x2 = DoubleVector.broadcast(S, s2[t]);
            DoubleVector x3 = DoubleVector.broadcast(S, s3[t]);
            a00 = b0.fma(x0, a00);
            a01 = b1.fma(x0, a01);
            a02 = b2.fma(x0, a02);
            a03 = b3.fma(x0, a03);
            a10 = b0.fma(x1, a10);
            a11 = b1.fma(x1, a11);
            a12 = b2.fma(x1, a12);
            a13 = b3.fma(x1, a13);
            a20 = b0.fma(x2, a20);
            a21 = b1.fma(x2, a21);
            a22 = b2.fma(x2, a22);
            a23 = b3.fma(x2, a23);
            a30 = b0.fma(x3, a30);
            a31 = b1.fma(x3, a31);
            a32 = b2.fma(x3, a32);
            a33 = b3.fma(x3, a33);
        }
        store4(a00, a01, a02, a03, c0);
        store4(a10, a11, a12, a13, c1);
        store4(a20, a21, a22, a23, c2);
        store4(a30, a31, a32, a33, c3);
    }

    /** out[0 .. 4L) = the four vectors. */
    private static void store4(DoubleVector v0, DoubleVector v1, DoubleVector v2, DoubleVector v3, double[] out) {
        v0.intoArray(out, 0);
        v1.intoArray(out, L);
        v2.intoArray(out, 2 * L);
        v3.intoArray(out, 3 * L);
    }

    /** {@link #block4} on columns [c, c + 3L): twelve accumulators in registers. */
    static void block4x3(double[] s0, double[] s1, double[] s2, double[] s3, int n, double[] bias, double[][] b, int boff,
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
            DoubleVector x0 = DoubleVector.broadcast(S, s0[t]);
            DoubleVector x1 = DoubleVector.broadcast(S, s1[t]);
            DoubleVector x2 = DoubleVector.broadcast(S, s2[t]);
            DoubleVector x3 = DoubleVector.broadcast(S, s3[t]);
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
    static void block4x1(double[] s0, double[] s1, double[] s2, double[] s3, int n, double[] bias, double[][] b, int boff,
                                 double[] c0, double[] c1, double[] c2, double[] c3, int c) {
        DoubleVector z = DoubleVector.fromArray(S, bias, c);
        DoubleVector a0 = z, a1 = z, a2 = z, a3 = z;
        for (int t = 0; t < n; t++) {
            DoubleVector bv = DoubleVector.fromArray(S, b[t + boff], c);
            a0 = bv.fma(DoubleVector.broadcast(S, s0[t]), a0);
            a1 = bv.fma(DoubleVector.broadcast(S, s1[t]), a1);
            a2 = bv.fma(DoubleVector.broadcast(S, s2[t]), a2);
            a3 = bv.fma(DoubleVector.broadcast(S, s3[t]), a3);
        }
        a0.intoArray(c0, c);
        a1.intoArray(c1, c);
        a2.intoArray(c2, c);
        a3.intoArray(c3, c);
    }

    /**
     * g[t] = fma(s_{i+3}[t], q3, fma(s_{i+2}[t], q2, fma(s_{i+1}[t], q1, fma(s_i[t], q0, g[t]))))
     * over columns &lt; width (a multiple of L), and bias[t] = (((bias[t] + s_i[t]) + s_{i+1}[t])
     * + s_{i+2}[t]) + s_{i+3}[t], for t &lt; n, where s_r[t] = sT[t*B + r]: four batch rows added
     * to each gradient row and to the bias row in row order. The rows q are held in registers
     * while t runs; the bias row's scalar additions ride along in the same loop, where they use
     * the adder while the vector multiply-adds are the bottleneck (the separate pass over the
     * transposed block they replace measured 1 to 3% of an epoch). A tile after the first adds
     * its bias terms into {@code sink}, which nothing reads: no branch in the loop.
     */
    static void outer4(double[] sT, int i, int n, double[] q0, double[] q1, double[] q2, double[] q3,
                       double[][] g, int width, double[] bias, double[] sink) {
        int c = 0;
        double[] out = bias;
        for (; c + 3 * L <= width; c += 3 * L) {
            outer4x3(sT, i, n, q0, q1, q2, q3, g, c, out);
            out = sink;
        }
        for (; c + 2 * L <= width; c += 2 * L) {
            outer4x2(sT, i, n, q0, q1, q2, q3, g, c, out);
            out = sink;
        }
        for (; c < width; c += L) {
            outer4x1(sT, i, n, q0, q1, q2, q3, g, c, out);
            out = sink;
        }
    }

    /** bias[t] = (((bias[t] + sT[at]) + sT[at + 1]) + sT[at + 2]) + sT[at + 3]: four rows in row order. */
    private static void addFour(double[] bias, int t, double[] sT, int at) {
        bias[t] = bias[t] + sT[at] + sT[at + 1] + sT[at + 2] + sT[at + 3];
    }

    /** {@link #outer4} on columns [c, c + 3L): the four rows' twelve vectors stay in registers. */
    private static void outer4x3(double[] sT, int i, int n, double[] q0, double[] q1, double[] q2, double[] q3,
                                 double[][] g, int c, double[] bias) {
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
            double[] row = g[t];
            int at = t * B + i;
            addFour(bias, t, sT, at);
            DoubleVector x0 = DoubleVector.broadcast(S, sT[at]);
            DoubleVector x1 = DoubleVector.broadcast(S, sT[at + 1]);
            DoubleVector x2 = DoubleVector.broadcast(S, sT[at + 2]);
            DoubleVector x3 = DoubleVector.broadcast(S, sT[at + 3]);
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

    /** {@link #outer4} on columns [c, c + 2L): one broadcast per two multiply-adds, as in {@link #outer4x3}. */
    private static void outer4x2(double[] sT, int i, int n, double[] q0, double[] q1, double[] q2, double[] q3,
                                 double[][] g, int c, double[] bias) {
        DoubleVector q00 = DoubleVector.fromArray(S, q0, c);
        DoubleVector q01 = DoubleVector.fromArray(S, q0, c + L);
        DoubleVector q10 = DoubleVector.fromArray(S, q1, c);
        DoubleVector q11 = DoubleVector.fromArray(S, q1, c + L);
        DoubleVector q20 = DoubleVector.fromArray(S, q2, c);
        DoubleVector q21 = DoubleVector.fromArray(S, q2, c + L);
        DoubleVector q30 = DoubleVector.fromArray(S, q3, c);
        DoubleVector q31 = DoubleVector.fromArray(S, q3, c + L);
        for (int t = 0; t < n; t++) {
            double[] row = g[t];
            int at = t * B + i;
            addFour(bias, t, sT, at);
            DoubleVector x0 = DoubleVector.broadcast(S, sT[at]);
            DoubleVector x1 = DoubleVector.broadcast(S, sT[at + 1]);
            DoubleVector x2 = DoubleVector.broadcast(S, sT[at + 2]);
            DoubleVector x3 = DoubleVector.broadcast(S, sT[at + 3]);
            DoubleVector g0 = DoubleVector.fromArray(S, row, c);
            DoubleVector g1 = DoubleVector.fromArray(S, row, c + L);
            g0 = q30.fma(x3, q20.fma(x2, q10.fma(x1, q00.fma(x0, g0))));
            g1 = q31.fma(x3, q21.fma(x2, q11.fma(x1, q01.fma(x0, g1))));
            g0.intoArray(row, c);
            g1.intoArray(row, c + L);
        }
    }

    /** {@link #outer4} on columns [c, c + L). */
    private static void outer4x1(double[] sT, int i, int n, double[] q0, double[] q1, double[] q2, double[] q3,
                                 double[][] g, int c, double[] bias) {
        DoubleVector q00 = DoubleVector.fromArray(S, q0, c);
        DoubleVector q10 = DoubleVector.fromArray(S, q1, c);
        DoubleVector q20 = DoubleVector.fromArray(S, q2, c);
        DoubleVector q30 = DoubleVector.fromArray(S, q3, c);
        for (int t = 0; t < n; t++) {
            double[] row = g[t];
            int at = t * B + i;
            addFour(bias, t, sT, at);
            DoubleVector g0 = DoubleVector.fromArray(S, row, c);
            g0 = q00.fma(DoubleVector.broadcast(S, sT[at]), g0);
            g0 = q10.fma(DoubleVector.broadcast(S, sT[at + 1]), g0);
            g0 = q20.fma(DoubleVector.broadcast(S, sT[at + 2]), g0);
            g0 = q30.fma(DoubleVector.broadcast(S, sT[at + 3]), g0);
            g0.intoArray(row, c);
        }
    }

    /**
     * g[t] = fma(s_i[t], q, g[t]) over columns &lt; width and bias[t] += s_i[t], for t &lt; n, where
     * s_i[t] = sT[t*B + i] (one batch row).
     */
    static void outer1(double[] sT, int i, int n, double[] q, double[][] g, int width, double[] bias) {
        for (int t = 0; t < n; t++) {
            bias[t] += sT[t * B + i];
            DoubleVector x = DoubleVector.broadcast(S, sT[t * B + i]);
            double[] row = g[t];
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

    /** g = a >= 0 ? g : 0, element-wise over the first n entries (NaN in a gives 0, as the scalar kernel). */
    private static void reluMask(double[] g, double[] a, int n) {
        for (int m = 0; m < n; m += L) {
            VectorMask<Double> on = DoubleVector.fromArray(S, a, m).compare(VectorOperators.GE, 0.0);
            DoubleVector.zero(S).blend(DoubleVector.fromArray(S, g, m), on).intoArray(g, m);
        }
    }

    /**
     * As {@link MlpKernel#softmaxInPlace} on every lane of the block's k class vector pairs at
     * oT[c*B] and oT[c*B + L], to the bit: the maximum (Math.max in class order), {@link Exp}'s
     * operations, the sum in class order starting from 0, the division.
     *
     * <p>Both vectors of a class go through the exponential in the same iteration: its Horner
     * scheme is one chain of dependent multiply-adds, and two independent chains side by side
     * keep the multiply-add pipes busy where one waited on their latency.
     *
     * <p>Shape for C2: the exponential is written out here, in one loop, rather than called. A
     * method taking a vector that is not inlined gets the vector boxed on every call; inlined
     * into the forward pass, C2 (JDK 17) failed to intrinsify its vector operations and ran them
     * through Java fallbacks, several times slower. At this size the method is never inlined and
     * compiles on its own, where every operation is intrinsified.
     */
    static void softmaxT(double[] oT, int k, double[] maxLanes) {
        int end = k * B;
        DoubleVector max0 = DoubleVector.fromArray(S, oT, 0);
        DoubleVector max1 = DoubleVector.fromArray(S, oT, L);
        for (int c = B; c < end; c += B) {
            max0 = max0.max(DoubleVector.fromArray(S, oT, c));
            max1 = max1.max(DoubleVector.fromArray(S, oT, c + L));
        }
        max0.intoArray(maxLanes, 0); // for the scalar fallback: no vector crosses a call
        max1.intoArray(maxLanes, L);
        DoubleVector lowest = DoubleVector.broadcast(S, -Exp.LIMIT);
        for (int c = 0; c < end; c += B) {
            DoubleVector x0 = DoubleVector.fromArray(S, oT, c).sub(max0);
            DoubleVector x1 = DoubleVector.fromArray(S, oT, c + L).sub(max1);
            // x <= 0 in every lane (the maximum is subtracted), so only the low end can be out of
            // range; NaN (from infinite outputs) fails the comparison too
            if (!x0.compare(VectorOperators.GE, lowest).and(x1.compare(VectorOperators.GE, lowest)).allTrue()) {
                expEachLane(oT, c, maxLanes);
                continue;
            }
            DoubleVector t0 = x0.fma(DoubleVector.broadcast(S, Exp.LOG2E), DoubleVector.broadcast(S, Exp.SHIFTER));
            DoubleVector t1 = x1.fma(DoubleVector.broadcast(S, Exp.LOG2E), DoubleVector.broadcast(S, Exp.SHIFTER));
            DoubleVector minusN0 = DoubleVector.broadcast(S, Exp.SHIFTER).sub(t0); // -(t - SHIFTER), exactly
            DoubleVector minusN1 = DoubleVector.broadcast(S, Exp.SHIFTER).sub(t1);
            DoubleVector r0 = minusN0.fma(DoubleVector.broadcast(S, Exp.LN2_HI), x0);
            DoubleVector r1 = minusN1.fma(DoubleVector.broadcast(S, Exp.LN2_HI), x1);
            r0 = minusN0.fma(DoubleVector.broadcast(S, Exp.LN2_LO), r0);
            r1 = minusN1.fma(DoubleVector.broadcast(S, Exp.LN2_LO), r1);
            // Horner written out: C2 keeps a vector carried by a loop that it does not unroll in memory
            DoubleVector p0 = DoubleVector.broadcast(S, T12);
            DoubleVector p1 = p0;
            p0 = p0.fma(r0, DoubleVector.broadcast(S, T11));
            p1 = p1.fma(r1, DoubleVector.broadcast(S, T11));
            p0 = p0.fma(r0, DoubleVector.broadcast(S, T10));
            p1 = p1.fma(r1, DoubleVector.broadcast(S, T10));
            p0 = p0.fma(r0, DoubleVector.broadcast(S, T9));
            p1 = p1.fma(r1, DoubleVector.broadcast(S, T9));
            p0 = p0.fma(r0, DoubleVector.broadcast(S, T8));
            p1 = p1.fma(r1, DoubleVector.broadcast(S, T8));
            p0 = p0.fma(r0, DoubleVector.broadcast(S, T7));
            p1 = p1.fma(r1, DoubleVector.broadcast(S, T7));
            p0 = p0.fma(r0, DoubleVector.broadcast(S, T6));
            p1 = p1.fma(r1, DoubleVector.broadcast(S, T6));
            p0 = p0.fma(r0, DoubleVector.broadcast(S, T5));
            p1 = p1.fma(r1, DoubleVector.broadcast(S, T5));
            p0 = p0.fma(r0, DoubleVector.broadcast(S, T4));
            p1 = p1.fma(r1, DoubleVector.broadcast(S, T4));
            p0 = p0.fma(r0, DoubleVector.broadcast(S, T3));
            p1 = p1.fma(r1, DoubleVector.broadcast(S, T3));
            p0 = p0.fma(r0, DoubleVector.broadcast(S, T2));
            p1 = p1.fma(r1, DoubleVector.broadcast(S, T2));
            p0 = p0.fma(r0, DoubleVector.broadcast(S, T1));
            p1 = p1.fma(r1, DoubleVector.broadcast(S, T1));
            p0 = p0.fma(r0, DoubleVector.broadcast(S, T0));
            p1 = p1.fma(r1, DoubleVector.broadcast(S, T0));
            // t's low bits hold n: adding the bias and shifting them into the exponent field gives 2^n
            // (reinterpretShape with constant species: reinterpretAsLongs() looks a species up)
            LongVector n0 = (LongVector) t0.reinterpretShape(SL, 0);
            LongVector n1 = (LongVector) t1.reinterpretShape(SL, 0);
            DoubleVector scale0 = (DoubleVector) n0.add(Exp.EXPONENT_BIAS)
                    .lanewise(VectorOperators.LSHL, Exp.MANTISSA_BITS).reinterpretShape(S, 0);
            DoubleVector scale1 = (DoubleVector) n1.add(Exp.EXPONENT_BIAS)
                    .lanewise(VectorOperators.LSHL, Exp.MANTISSA_BITS).reinterpretShape(S, 0);
            p0.mul(scale0).intoArray(oT, c);
            p1.mul(scale1).intoArray(oT, c + L);
        }
        DoubleVector sum0 = DoubleVector.zero(S);
        DoubleVector sum1 = sum0;
        for (int c = 0; c < end; c += B) {
            sum0 = sum0.add(DoubleVector.fromArray(S, oT, c));
            sum1 = sum1.add(DoubleVector.fromArray(S, oT, c + L));
        }
        for (int c = 0; c < end; c += B) {
            DoubleVector.fromArray(S, oT, c).div(sum0).intoArray(oT, c);
            DoubleVector.fromArray(S, oT, c + L).div(sum1).intoArray(oT, c + L);
        }
    }

    /**
     * a[from .. from+L) = {@link Log#log} of each, lane by lane with Log's operations: a lane
     * outside the positive normal doubles sends the whole vector to the scalar Log (Math.log).
     * Written out with arrays only, for the reasons given at {@link #softmaxT}.
     */
    private static void logLanes(double[] a, int from) {
        DoubleVector x = DoubleVector.fromArray(S, a, from);
        if (!x.compare(VectorOperators.GE, Double.MIN_NORMAL).and(x.compare(VectorOperators.LE, Double.MAX_VALUE))
                .allTrue()) {
            for (int i = from; i < from + L; i++) {
                a[i] = Log.log(a[i]);
            }
            return;
        }
        LongVector bits = (LongVector) x.reinterpretShape(SL, 0);
        DoubleVector e = ((DoubleVector) bits.lanewise(VectorOperators.LSHR, 52)
                .lanewise(VectorOperators.OR, Log.TWO52_BITS).reinterpretShape(S, 0))
                .sub(Log.TWO52).sub(Log.EXPONENT_BIAS);
        DoubleVector m = (DoubleVector) bits.lanewise(VectorOperators.AND, Log.MANTISSA)
                .lanewise(VectorOperators.OR, Log.ONE_BITS).reinterpretShape(S, 0);
        VectorMask<Double> big = m.compare(VectorOperators.GT, Log.SQRT2);
        m = m.blend(m.mul(0.5), big);
        e = e.blend(e.add(1.0), big);
        DoubleVector f = m.sub(1.0);
        DoubleVector s = f.div(DoubleVector.broadcast(S, 2.0).add(f));
        DoubleVector z = s.mul(s);
        DoubleVector p = DoubleVector.broadcast(S, L9);
        p = p.fma(z, DoubleVector.broadcast(S, L8));
        p = p.fma(z, DoubleVector.broadcast(S, L7));
        p = p.fma(z, DoubleVector.broadcast(S, L6));
        p = p.fma(z, DoubleVector.broadcast(S, L5));
        p = p.fma(z, DoubleVector.broadcast(S, L4));
        p = p.fma(z, DoubleVector.broadcast(S, L3));
        p = p.fma(z, DoubleVector.broadcast(S, L2));
        p = p.fma(z, DoubleVector.broadcast(S, L1));
        p = p.fma(z, DoubleVector.broadcast(S, L0));
        DoubleVector t = s.mul(p);
        e.fma(DoubleVector.broadcast(S, Log.LN2), t.add(t)).intoArray(a, from);
    }

    /**
     * o[c+i] = {@link Exp#exp}(o[c+i] - max[i]) for the B lanes of a class, one by one: one of its
     * vectors had a lane beyond the polynomial's range, or NaN. Arrays only: a vector passed to a
     * method that is not inlined is boxed, and C2 then gave up intrinsifying the caller's vector
     * operations.
     */
    private static void expEachLane(double[] o, int c, double[] max) {
        for (int i = 0; i < B; i++) {
            o[c + i] = Exp.exp(o[c + i] - max[i]);
        }
    }
}
