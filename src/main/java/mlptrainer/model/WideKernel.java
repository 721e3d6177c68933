package mlptrainer.model;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link VectorKernel#run} for wide inputs (many features, as the 784 pixels of a digit): the two
 * products over the inputs, the hidden layer X1 W and the gradient X^T G, run as blocked matrix
 * products over a whole chunk of rows instead of block by block, so that each panel of W (or of
 * G) is read from memory once per chunk and then from cache; the layers over classes take the
 * block path of {@link VectorKernel} unchanged.
 *
 * <p>Both products run one register tile ({@link #tile}: ROWS = 8 rows times three vectors, 24
 * accumulators, 3L columns) over packed operands: the rows of X (for X^T G, its columns) in groups
 * of eight interleaved, so that the tile's eight broadcasts per step read one contiguous run, and
 * the columns of W (or G) in panels of 3L packed next to each other. Every index the tile reads is
 * affine in its loop variable, within one array, so C2 can hoist the bounds checks out of the
 * loop instead of checking every load. The hidden layer runs its sum over the inputs in pieces of {@value #KC}
 * inputs, each piece of a panel (24 KiB with AVX-512) staying in L1 while every group of rows
 * passes it, the accumulators stored and reloaded between pieces. Each result element still
 * starts from its bias (or zero) and adds its terms in increasing index by fused multiply-adds,
 * and the gradient receives the batch's rows in row order, so the results are those of
 * {@link VectorKernel} and of the scalar loops of {@link MlpKernel} to the bit
 * (KernelAgreementTest, WideKernelTest).
 *
 * <p>A gradient call takes the whole batch as one chunk (the gradient of a chunk is a sum over
 * all of its rows, and splitting it would round differently), so it applies to batches of at most
 * {@value #MAX_BATCH} rows; a forward-only call (evaluation) runs in chunks of
 * {@value #EVAL_CHUNK}. Not thread-safe: the buffers are the workspace's.
 */
final class WideKernel {
    /** Inputs from which the blocked products pay: below it a block's rows of X and W stay in L1 and L2 anyway. */
    static final int MIN_INPUTS = 128;
    /** The largest batch whose gradient takes this path (its chunk buffers are batch x (2h + 2d) doubles). */
    static final int MAX_BATCH = 1024;
    /** Rows per chunk of a forward-only call. */
    static final int EVAL_CHUNK = 128;
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = VectorKernel.lanes();
    private static final int B = VectorKernel.blockRows();
    /** Rows of a register tile (of X for the hidden layer, of X^T for the gradient). */
    static final int ROWS = 8;
    /** Columns of a register tile and of a packed panel: three vectors (24 accumulators with ROWS). */
    static final int PW = 3 * L;
    /**
     * Inputs per piece of the hidden layer's sum: a piece of a packed panel (KC x PW doubles, 24
     * KiB with AVX-512) stays in L1 while every group of rows passes it.
     */
    static final int KC = 128;

    private WideKernel() {
    }

    /** @return whether inputs of this many features take this kernel (mini-batch training and evaluation) */
    static boolean takesInputs(int features) {
        return features >= MIN_INPUTS;
    }

    /** @return whether {@link #run} takes this call: wide inputs, and for a gradient a batch of at most MAX_BATCH rows */
    static boolean applies(Workspace ws, int count, boolean gradient) {
        return takesInputs(ws.d) && (!gradient || count <= MAX_BATCH);
    }

    /** As {@link VectorKernel#run}, when {@link #applies}. */
    static double run(double[] x, int[] labels, int d, int[] rows, int from, int count, Workspace ws,
                      boolean gradient, int[] predicted) {
        int chunk = gradient ? count : Math.min(count, EVAL_CHUNK);
        ws.ensureWide(chunk);
        if (gradient) {
            MlpKernel.clear(ws.gvT);
        }
        boolean shared = count > chunk;
        if (shared) {
            packWeights(ws);
        }
        double loss = 0;
        for (int c = 0; c < count; c += chunk) {
            int m = Math.min(chunk, count - c);
            double[][] xc = chunkRows(x, d, rows, from + c, m, ws);
            hiddenLayer(xc, m, ws, shared);
            loss = blocks(labels, rows, from + c, m, ws, gradient, predicted, loss);
            if (gradient) {
                inputGradient(xc, m, ws);
            }
        }
        if (gradient) {
            VectorKernel.untransposeOutput(ws);
        }
        return loss;
    }

    /** The chunk's rows: the bound rows themselves when x is bound ({@link Workspace#bindRows}), else copies. */
    private static double[][] chunkRows(double[] x, int d, int[] rows, int at, int m, Workspace ws) {
        double[][] bound = ws.boundX == x ? ws.xRows : null;
        for (int i = 0; i < m; i++) {
            int row = rows[at + i];
            if (bound != null) {
                ws.chunkRows[i] = bound[row];
            } else {
                System.arraycopy(x, row * d, ws.chunkOwn[i], 0, d);
                ws.chunkRows[i] = ws.chunkOwn[i];
            }
        }
        return ws.chunkRows;
    }

    /**
     * The chunk's blocks of B rows through the output layer, the loss and, when asked, back to
     * the hidden layer: gvT and gv[0] receive their terms, gChunk the rows of G.
     *
     * @return {@code loss} plus the chunk's loss terms in row order
     */
    private static double blocks(int[] labels, int[] rows, int at, int m, Workspace ws, boolean gradient,
                                 int[] predicted, double loss) {
        double out = loss;
        for (int r = 0; r < m; r += B) {
            int n = Math.min(B, m - r);
            for (int i = 0; i < B; i++) { // lanes past n repeat the last row, as VectorKernel's blocks
                System.arraycopy(ws.aChunk[r + Math.min(i, n - 1)], 0, ws.a[i], 0, ws.hp);
            }
            VectorKernel.outputLayer(ws);
            out = VectorKernel.lossAndPredictions(labels, rows, at + r, n, ws, out, predicted);
            if (gradient) {
                VectorKernel.residual(labels, rows, at + r, n, ws);
                VectorKernel.backwardToHidden(n, ws);
                untransposeRows(ws.gT, n, ws.h, ws.gChunk, r);
            }
        }
        return out;
    }

    /** rowsOut[r + i][m] = sT[m*B + i] for i &lt; n, m &lt; h. */
    private static void untransposeRows(double[] sT, int n, int h, double[][] rowsOut, int r) {
        for (int i = 0; i < n; i++) {
            double[] row = rowsOut[r + i];
            for (int m = 0; m < h; m++) {
                row[m] = sT[m * B + i];
            }
        }
    }

    /**
     * aChunk[i] = w[0] + sum_t xc[i][t] w[t+1] for i &lt; m, over all hp columns: panels of PW
     * columns of W outside, each packed ({@link #packPanel}), groups of ROWS rows inside, packed
     * once per chunk ({@link #packRowGroups}; a last group short of ROWS rows is padded with
     * zeros, whose results are not read).
     *
     * @param shared whether W's panels are in packedW already ({@link #packWeights}, once for all
     *               of an evaluation's chunks); else each panel is packed here into the small panel
     *               buffer, which stays in L2 (packing all of W for a single chunk, 6.4 MB at h
     *               1024, measured slower: it went out to L3 and back)
     */
    static void hiddenLayer(double[][] xc, int m, Workspace ws, boolean shared) {
        packRowGroups(xc, m, ws.d, ws.packRows);
        for (int c = 0; c < ws.hp; c += PW) {
            int width = Math.min(PW, ws.hp - c);
            System.arraycopy(ws.w[0], c, ws.panelBias, 0, width);
            if (shared) {
                hiddenPanel(m, ws.packedW, c * ws.d, width, ws);
            } else {
                packPanel(ws.w, 1, ws.d, c, width, ws.panel, 0);
                hiddenPanel(m, ws.panel, 0, width, ws);
            }
            for (int i = 0; i < m; i++) {
                System.arraycopy(ws.panelOut, i * PW, ws.aChunk[i], c, width);
            }
        }
    }

    /** packedW[c*d ...] = the panel of W's columns [c, c + width) as {@link #packPanel} packs it, for every panel. */
    private static void packWeights(Workspace ws) {
        for (int c = 0; c < ws.hp; c += PW) {
            packPanel(ws.w, 1, ws.d, c, Math.min(PW, ws.hp - c), ws.packedW, c * ws.d);
        }
    }

    /**
     * panelOut[i*PW + q] = panelBias[q] + sum_t packed row i's x[t] panel[panelOff + t*width + q] for the
     * chunk's groups of rows, in pieces of KC inputs: each piece of every group's tile continues
     * from the sums the previous piece stored, so every element still adds its terms in increasing
     * t after its bias.
     */
    private static void hiddenPanel(int m, double[] panel, int panelOff, int width, Workspace ws) {
        int d = ws.d;
        int groups = (m + ROWS - 1) / ROWS;
        for (int g = 0; g < groups; g++) {
            tile(ws.packRows, g * ROWS * d, panel, panelOff, width, 0, Math.min(d, KC), ws.panelBias, 0, 0,
                    ws.panelOut, g * ROWS * PW, PW);
        }
        for (int from = KC; from < d; from += KC) {
            int to = Math.min(d, from + KC);
            for (int g = 0; g < groups; g++) {
                int at = g * ROWS * PW;
                tile(ws.packRows, g * ROWS * d, panel, panelOff, width, from, to, ws.panelOut, at, PW,
                        ws.panelOut, at, PW);
            }
        }
    }

    /** packed[g*ROWS*d + t*ROWS + r] = xc[g*ROWS + r][t], zero for rows past m: each group's rows interleaved. */
    private static void packRowGroups(double[][] xc, int m, int d, double[] packed) {
        for (int i0 = 0; i0 < m; i0 += ROWS) {
            int base = i0 * d;
            for (int r = 0; r < ROWS; r++) {
                if (i0 + r < m) {
                    double[] row = xc[i0 + r];
                    for (int t = 0; t < d; t++) {
                        packed[base + t * ROWS + r] = row[t];
                    }
                } else {
                    for (int t = 0; t < d; t++) {
                        packed[base + t * ROWS + r] = 0.0;
                    }
                }
            }
        }
    }

    /**
     * panel[off + t*width + v] = rows[first + t][c + v] for t &lt; n, v &lt; width: the panel's
     * rows next to each other in memory, where the matrix's rows are a whole row apart, so that
     * the tiles read it sequentially.
     */
    private static void packPanel(double[][] rows, int first, int n, int c, int width, double[] panel, int off) {
        for (int t = 0; t < n; t++) {
            double[] from = rows[first + t];
            int at = off + t * width;
            for (int v = 0; v < width; v += L) { // vector copies: System.arraycopy's call costs more at PW doubles
                DoubleVector.fromArray(S, from, c + v).intoArray(panel, at + v);
            }
        }
    }

    /**
     * gw[j+1] = sum_i xc[i][j] gChunk[i] over the chunk's m rows in row order, starting from
     * zero, and gw[0] = sum_i gChunk[i] likewise: X^T G, panels of G's columns outside, groups of
     * ROWS inputs inside (packed once, {@link #packInputGroups}; a last group is padded with zeros,
     * whose results are not read).
     */
    static void inputGradient(double[][] xc, int m, Workspace ws) {
        int d = ws.d;
        packInputGroups(xc, m, d, ws.packInputs);
        biasRow(ws.gChunk, m, ws.gw[0], ws.hp);
        double[][] gw = ws.gw;
        for (int c = 0; c < ws.hp; c += PW) {
            int width = Math.min(PW, ws.hp - c);
            packPanel(ws.gChunk, 0, m, c, width, ws.panel, 0);
            for (int j = 0; j < d; j += ROWS) {
                tile(ws.packInputs, j * m, ws.panel, 0, width, 0, m, ws.panelZeros, 0, 0, ws.panelOut, 0, PW);
                for (int r = 0; r < ROWS && j + r < d; r++) {
                    System.arraycopy(ws.panelOut, r * PW, gw[j + r + 1], c, width);
                }
            }
        }
    }

    /** packed[j*m + i*ROWS + r] = xc[i][j + r] for groups of ROWS inputs j, zero for inputs past d. */
    private static void packInputGroups(double[][] xc, int m, int d, double[] packed) {
        for (int j = 0; j < d; j += ROWS) {
            int base = j * m;
            int n = Math.min(ROWS, d - j);
            for (int i = 0; i < m; i++) {
                double[] row = xc[i];
                int at = base + i * ROWS;
                for (int r = 0; r < n; r++) {
                    packed[at + r] = row[j + r];
                }
                for (int r = n; r < ROWS; r++) {
                    packed[at + r] = 0.0;
                }
            }
        }
    }

    /**
     * out[outOff + r*outStride + q] = init[initOff + r*initStride + q] + sum_{from &lt;= t &lt; to}
     * a[aOff + t*ROWS + r] b[bOff + t*width + q] for r &lt; ROWS and q &lt; width (PW or a last panel's
     * narrower width), each term added by a fused multiply-add in increasing t: one register tile
     * of ROWS x width accumulators, fed by one broadcast per row and one load per vector.
     */
    static void tile(double[] a, int aOff, double[] b, int bOff, int width, int from, int to, double[] init,
                     int initOff, int initStride, double[] out, int outOff, int outStride) {
        if (width == 3 * L) {
            tile8x3(a, aOff, b, bOff, from, to, init, initOff, initStride, out, outOff, outStride);
        } else if (width == 2 * L) {
            tile8x2(a, aOff, b, bOff, from, to, init, initOff, initStride, out, outOff, outStride);
        } else {
            tile8x1(a, aOff, b, bOff, from, to, init, initOff, initStride, out, outOff, outStride);
        }
    }

    /** {@link #tile} on 3L columns: 24 accumulators, which C2 (JDK 17, AVX-512) keeps in its 32 vector registers. */
    private static void tile8x3(double[] a, int aOff, double[] b, int bOff, int from, int to, double[] init, int initOff,
                                 int initStride, double[] out, int outOff, int outStride) {
        DoubleVector c00 = DoubleVector.fromArray(S, init, initOff);
        DoubleVector c01 = DoubleVector.fromArray(S, init, initOff + L);
        DoubleVector c02 = DoubleVector.fromArray(S, init, initOff + 2 * L);
        DoubleVector c10 = DoubleVector.fromArray(S, init, initOff + initStride);
        DoubleVector c11 = DoubleVector.fromArray(S, init, initOff + initStride + L);
        DoubleVector c12 = DoubleVector.fromArray(S, init, initOff + initStride + 2 * L);
        DoubleVector c20 = DoubleVector.fromArray(S, init, initOff + 2 * initStride);
        DoubleVector c21 = DoubleVector.fromArray(S, init, initOff + 2 * initStride + L);
        DoubleVector c22 = DoubleVector.fromArray(S, init, initOff + 2 * initStride + 2 * L);
        DoubleVector c30 = DoubleVector.fromArray(S, init, initOff + 3 * initStride);
        DoubleVector c31 = DoubleVector.fromArray(S, init, initOff + 3 * initStride + L);
        DoubleVector c32 = DoubleVector.fromArray(S, init, initOff + 3 * initStride + 2 * L);
        DoubleVector c40 = DoubleVector.fromArray(S, init, initOff + 4 * initStride);
        DoubleVector c41 = DoubleVector.fromArray(S, init, initOff + 4 * initStride + L);
        DoubleVector c42 = DoubleVector.fromArray(S, init, initOff + 4 * initStride + 2 * L);
        DoubleVector c50 = DoubleVector.fromArray(S, init, initOff + 5 * initStride);
        DoubleVector c51 = DoubleVector.fromArray(S, init, initOff + 5 * initStride + L);
        DoubleVector c52 = DoubleVector.fromArray(S, init, initOff + 5 * initStride + 2 * L);
        DoubleVector c60 = DoubleVector.fromArray(S, init, initOff + 6 * initStride);
        DoubleVector c61 = DoubleVector.fromArray(S, init, initOff + 6 * initStride + L);
        DoubleVector c62 = DoubleVector.fromArray(S, init, initOff + 6 * initStride + 2 * L);
        DoubleVector c70 = DoubleVector.fromArray(S, init, initOff + 7 * initStride);
        DoubleVector c71 = DoubleVector.fromArray(S, init, initOff + 7 * initStride + L);
        DoubleVector c72 = DoubleVector.fromArray(S, init, initOff + 7 * initStride + 2 * L);
        for (int t = from; t < to; t++) {
            int bt = bOff + t * 3 * L;
            int at = aOff + t * ROWS;
            DoubleVector b0 = DoubleVector.fromArray(S, b, bt);
            DoubleVector b1 = DoubleVector.fromArray(S, b, bt + L);
            DoubleVector b2 = DoubleVector.fromArray(S, b, bt + 2 * L);
            DoubleVector x0 = DoubleVector.broadcast(S, a[at]);
            c00 = b0.fma(x0, c00);
            c01 = b1.fma(x0, c01);
            c02 = b2.fma(x0, c02);
            DoubleVector x1 = DoubleVector.broadcast(S, a[at + 1]);
            c10 = b0.fma(x1, c10);
            c11 = b1.fma(x1, c11);
            c12 = b2.fma(x1, c12);
            DoubleVector x2 = DoubleVector.broadcast(S, a[at + 2]);
            c20 = b0.fma(x2, c20);
            c21 = b1.fma(x2, c21);
            c22 = b2.fma(x2, c22);
            DoubleVector x3 = DoubleVector.broadcast(S, a[at + 3]);
            c30 = b0.fma(x3, c30);
            c31 = b1.fma(x3, c31);
            c32 = b2.fma(x3, c32);
            DoubleVector x4 = DoubleVector.broadcast(S, a[at + 4]);
            c40 = b0.fma(x4, c40);
            c41 = b1.fma(x4, c41);
            c42 = b2.fma(x4, c42);
            DoubleVector x5 = DoubleVector.broadcast(S, a[at + 5]);
            c50 = b0.fma(x5, c50);
            c51 = b1.fma(x5, c51);
            c52 = b2.fma(x5, c52);
            DoubleVector x6 = DoubleVector.broadcast(S, a[at + 6]);
            c60 = b0.fma(x6, c60);
            c61 = b1.fma(x6, c61);
            c62 = b2.fma(x6, c62);
            DoubleVector x7 = DoubleVector.broadcast(S, a[at + 7]);
            c70 = b0.fma(x7, c70);
            c71 = b1.fma(x7, c71);
            c72 = b2.fma(x7, c72);
        }
        c00.intoArray(out, outOff);
        c01.intoArray(out, outOff + L);
        c02.intoArray(out, outOff + 2 * L);
        c10.intoArray(out, outOff + outStride);
        c11.intoArray(out, outOff + outStride + L);
        c12.intoArray(out, outOff + outStride + 2 * L);
        c20.intoArray(out, outOff + 2 * outStride);
        c21.intoArray(out, outOff + 2 * outStride + L);
        c22.intoArray(out, outOff + 2 * outStride + 2 * L);
        c30.intoArray(out, outOff + 3 * outStride);
        c31.intoArray(out, outOff + 3 * outStride + L);
        c32.intoArray(out, outOff + 3 * outStride + 2 * L);
        c40.intoArray(out, outOff + 4 * outStride);
        c41.intoArray(out, outOff + 4 * outStride + L);
        c42.intoArray(out, outOff + 4 * outStride + 2 * L);
        c50.intoArray(out, outOff + 5 * outStride);
        c51.intoArray(out, outOff + 5 * outStride + L);
        c52.intoArray(out, outOff + 5 * outStride + 2 * L);
        c60.intoArray(out, outOff + 6 * outStride);
        c61.intoArray(out, outOff + 6 * outStride + L);
        c62.intoArray(out, outOff + 6 * outStride + 2 * L);
        c70.intoArray(out, outOff + 7 * outStride);
        c71.intoArray(out, outOff + 7 * outStride + L);
        c72.intoArray(out, outOff + 7 * outStride + 2 * L);
    }

    /** {@link #tile} on 2L columns, a last panel's. */
    private static void tile8x2(double[] a, int aOff, double[] b, int bOff, int from, int to, double[] init, int initOff,
                                 int initStride, double[] out, int outOff, int outStride) {
        DoubleVector c00 = DoubleVector.fromArray(S, init, initOff);
        DoubleVector c01 = DoubleVector.fromArray(S, init, initOff + L);
        DoubleVector c10 = DoubleVector.fromArray(S, init, initOff + initStride);
        DoubleVector c11 = DoubleVector.fromArray(S, init, initOff + initStride + L);
        DoubleVector c20 = DoubleVector.fromArray(S, init, initOff + 2 * initStride);
        DoubleVector c21 = DoubleVector.fromArray(S, init, initOff + 2 * initStride + L);
        DoubleVector c30 = DoubleVector.fromArray(S, init, initOff + 3 * initStride);
        DoubleVector c31 = DoubleVector.fromArray(S, init, initOff + 3 * initStride + L);
        DoubleVector c40 = DoubleVector.fromArray(S, init, initOff + 4 * initStride);
        DoubleVector c41 = DoubleVector.fromArray(S, init, initOff + 4 * initStride + L);
        DoubleVector c50 = DoubleVector.fromArray(S, init, initOff + 5 * initStride);
        DoubleVector c51 = DoubleVector.fromArray(S, init, initOff + 5 * initStride + L);
        DoubleVector c60 = DoubleVector.fromArray(S, init, initOff + 6 * initStride);
        DoubleVector c61 = DoubleVector.fromArray(S, init, initOff + 6 * initStride + L);
        DoubleVector c70 = DoubleVector.fromArray(S, init, initOff + 7 * initStride);
        DoubleVector c71 = DoubleVector.fromArray(S, init, initOff + 7 * initStride + L);
        for (int t = from; t < to; t++) {
            int bt = bOff + t * 2 * L;
            int at = aOff + t * ROWS;
            DoubleVector b0 = DoubleVector.fromArray(S, b, bt);
            DoubleVector b1 = DoubleVector.fromArray(S, b, bt + L);
            DoubleVector x0 = DoubleVector.broadcast(S, a[at]);
            c00 = b0.fma(x0, c00);
            c01 = b1.fma(x0, c01);
            DoubleVector x1 = DoubleVector.broadcast(S, a[at + 1]);
            c10 = b0.fma(x1, c10);
            c11 = b1.fma(x1, c11);
            DoubleVector x2 = DoubleVector.broadcast(S, a[at + 2]);
            c20 = b0.fma(x2, c20);
            c21 = b1.fma(x2, c21);
            DoubleVector x3 = DoubleVector.broadcast(S, a[at + 3]);
            c30 = b0.fma(x3, c30);
            c31 = b1.fma(x3, c31);
            DoubleVector x4 = DoubleVector.broadcast(S, a[at + 4]);
            c40 = b0.fma(x4, c40);
            c41 = b1.fma(x4, c41);
            DoubleVector x5 = DoubleVector.broadcast(S, a[at + 5]);
            c50 = b0.fma(x5, c50);
            c51 = b1.fma(x5, c51);
            DoubleVector x6 = DoubleVector.broadcast(S, a[at + 6]);
            c60 = b0.fma(x6, c60);
            c61 = b1.fma(x6, c61);
            DoubleVector x7 = DoubleVector.broadcast(S, a[at + 7]);
            c70 = b0.fma(x7, c70);
            c71 = b1.fma(x7, c71);
        }
        c00.intoArray(out, outOff);
        c01.intoArray(out, outOff + L);
        c10.intoArray(out, outOff + outStride);
        c11.intoArray(out, outOff + outStride + L);
        c20.intoArray(out, outOff + 2 * outStride);
        c21.intoArray(out, outOff + 2 * outStride + L);
        c30.intoArray(out, outOff + 3 * outStride);
        c31.intoArray(out, outOff + 3 * outStride + L);
        c40.intoArray(out, outOff + 4 * outStride);
        c41.intoArray(out, outOff + 4 * outStride + L);
        c50.intoArray(out, outOff + 5 * outStride);
        c51.intoArray(out, outOff + 5 * outStride + L);
        c60.intoArray(out, outOff + 6 * outStride);
        c61.intoArray(out, outOff + 6 * outStride + L);
        c70.intoArray(out, outOff + 7 * outStride);
        c71.intoArray(out, outOff + 7 * outStride + L);
    }

    /** {@link #tile} on L columns, a last panel's. */
    private static void tile8x1(double[] a, int aOff, double[] b, int bOff, int from, int to, double[] init, int initOff,
                                 int initStride, double[] out, int outOff, int outStride) {
        DoubleVector c00 = DoubleVector.fromArray(S, init, initOff);
        DoubleVector c10 = DoubleVector.fromArray(S, init, initOff + initStride);
        DoubleVector c20 = DoubleVector.fromArray(S, init, initOff + 2 * initStride);
        DoubleVector c30 = DoubleVector.fromArray(S, init, initOff + 3 * initStride);
        DoubleVector c40 = DoubleVector.fromArray(S, init, initOff + 4 * initStride);
        DoubleVector c50 = DoubleVector.fromArray(S, init, initOff + 5 * initStride);
        DoubleVector c60 = DoubleVector.fromArray(S, init, initOff + 6 * initStride);
        DoubleVector c70 = DoubleVector.fromArray(S, init, initOff + 7 * initStride);
        for (int t = from; t < to; t++) {
            int bt = bOff + t * 1 * L;
            int at = aOff + t * ROWS;
            DoubleVector b0 = DoubleVector.fromArray(S, b, bt);
            DoubleVector x0 = DoubleVector.broadcast(S, a[at]);
            c00 = b0.fma(x0, c00);
            DoubleVector x1 = DoubleVector.broadcast(S, a[at + 1]);
            c10 = b0.fma(x1, c10);
            DoubleVector x2 = DoubleVector.broadcast(S, a[at + 2]);
            c20 = b0.fma(x2, c20);
            DoubleVector x3 = DoubleVector.broadcast(S, a[at + 3]);
            c30 = b0.fma(x3, c30);
            DoubleVector x4 = DoubleVector.broadcast(S, a[at + 4]);
            c40 = b0.fma(x4, c40);
            DoubleVector x5 = DoubleVector.broadcast(S, a[at + 5]);
            c50 = b0.fma(x5, c50);
            DoubleVector x6 = DoubleVector.broadcast(S, a[at + 6]);
            c60 = b0.fma(x6, c60);
            DoubleVector x7 = DoubleVector.broadcast(S, a[at + 7]);
            c70 = b0.fma(x7, c70);
        }
        c00.intoArray(out, outOff);
        c10.intoArray(out, outOff + outStride);
        c20.intoArray(out, outOff + 2 * outStride);
        c30.intoArray(out, outOff + 3 * outStride);
        c40.intoArray(out, outOff + 4 * outStride);
        c50.intoArray(out, outOff + 5 * outStride);
        c60.intoArray(out, outOff + 6 * outStride);
        c70.intoArray(out, outOff + 7 * outStride);
    }

    /** bias = 0 + g[0] + g[1] + ... + g[m-1], element by element over width, in row order. */
    private static void biasRow(double[][] g, int m, double[] bias, int width) {
        java.util.Arrays.fill(bias, 0, width, 0.0);
        for (int i = 0; i < m; i++) {
            double[] row = g[i];
            for (int c = 0; c < width; c++) {
                bias[c] += row[c];
            }
        }
    }
}
