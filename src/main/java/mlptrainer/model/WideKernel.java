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
 * <p>Both products use {@link VectorKernel#block4x3}'s register tile (four rows times three
 * vectors of twelve accumulators), with the columns in panels of 3L outside and the rows inside:
 * a panel of W is d x 3L doubles (150 KB for 784 inputs with AVX-512), which stays in the L2
 * cache while every row of the chunk passes it. Each result element still starts from its bias
 * (or zero) and adds its terms in increasing index by fused multiply-adds, and the gradient
 * receives the batch's rows in row order, so the results are those of {@link VectorKernel} and of
 * the scalar loops of {@link MlpKernel} to the bit (KernelAgreementTest, WideKernelTest).
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

    private WideKernel() {
    }

    /** @return whether {@link #run} takes this call: wide inputs, and for a gradient a batch of at most MAX_BATCH rows */
    static boolean applies(Workspace ws, int count, boolean gradient) {
        return ws.d >= MIN_INPUTS && (!gradient || count <= MAX_BATCH);
    }

    /** As {@link VectorKernel#run}, when {@link #applies}. */
    static double run(double[] x, int[] labels, int d, int[] rows, int from, int count, Workspace ws,
                      boolean gradient, int[] predicted) {
        int chunk = gradient ? count : Math.min(count, EVAL_CHUNK);
        ws.ensureWide(chunk);
        if (gradient) {
            MlpKernel.clear(ws.gvT);
        }
        double loss = 0;
        for (int c = 0; c < count; c += chunk) {
            int m = Math.min(chunk, count - c);
            double[][] xc = chunkRows(x, d, rows, from + c, m, ws);
            hiddenLayer(xc, m, ws);
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
     * aChunk[i] = w[0] + sum_t xc[i][t] w[t+1] for i &lt; m, over all hp columns. Panels of
     * columns outside, each packed ({@link #packPanel}), quads of rows inside; a last quad short
     * of four repeats its last row.
     */
    static void hiddenLayer(double[][] xc, int m, Workspace ws) {
        int c = 0;
        for (; c + 3 * L <= ws.hp; c += 3 * L) {
            packPanel(ws, c, 3 * L);
            for (int i = 0; i < m; i += 4) {
                VectorKernel.block4x3(xc[i], xc[Math.min(i + 1, m - 1)], xc[Math.min(i + 2, m - 1)],
                        xc[Math.min(i + 3, m - 1)], ws.d, ws.panelBias, ws.panel, 0,
                        ws.tile[0], ws.tile[1], ws.tile[2], ws.tile[3], 0);
                unpackTile(ws, i, m, c, 3 * L);
            }
        }
        for (; c < ws.hp; c += L) {
            packPanel(ws, c, L);
            for (int i = 0; i < m; i += 4) {
                VectorKernel.block4x1(xc[i], xc[Math.min(i + 1, m - 1)], xc[Math.min(i + 2, m - 1)],
                        xc[Math.min(i + 3, m - 1)], ws.d, ws.panelBias, ws.panel, 0,
                        ws.tile[0], ws.tile[1], ws.tile[2], ws.tile[3], 0);
                unpackTile(ws, i, m, c, L);
            }
        }
    }

    /**
     * panel[t][0..width) = w[t+1][c..c+width) and panelBias likewise from w[0]: the panel's rows
     * next to each other in memory, where W's rows are a whole row of W apart (8 KiB for h 1024),
     * so that streaming it from the L2 cache for every quad of rows is sequential.
     */
    private static void packPanel(Workspace ws, int c, int width) {
        System.arraycopy(ws.w[0], c, ws.panelBias, 0, width);
        double[][] w = ws.w;
        double[][] panel = ws.panel;
        for (int t = 0; t < ws.d; t++) { // a loop of vector copies: System.arraycopy's call costs more at 3L doubles
            double[] from = w[t + 1];
            double[] to = panel[t];
            for (int v = 0; v < width; v += L) {
                DoubleVector.fromArray(S, from, c + v).intoArray(to, v);
            }
        }
    }

    /** aChunk[i + r][c..c+width) = tile[r][0..width) for the rows r &lt; tile.length with i + r &lt; m. */
    private static void unpackTile(Workspace ws, int i, int m, int c, int width) {
        for (int r = 0; r < ws.tile.length && i + r < m; r++) {
            System.arraycopy(ws.tile[r], 0, ws.aChunk[i + r], c, width);
        }
    }

    /**
     * gw[j+1] = sum_i xc[i][j] gChunk[i] over the chunk's m rows in row order, starting from
     * zero, and gw[0] = sum_i gChunk[i] likewise: X^T G as a product of xT (X transposed) and G,
     * panels of columns outside, quads of inputs inside (a last quad repeats its last input).
     */
    static void inputGradient(double[][] xc, int m, Workspace ws) {
        double[][] xT = ws.xT;
        transposeRows(xc, m, ws.d, xT);
        biasRow(ws.gChunk, m, ws.gw[0], ws.hp);
        double[][] gw = ws.gw;
        int d = ws.d;
        int c = 0;
        for (; c + 3 * L <= ws.hp; c += 3 * L) {
            for (int j = 0; j < d; j += 4) {
                int j1 = Math.min(j + 1, d - 1), j2 = Math.min(j + 2, d - 1), j3 = Math.min(j + 3, d - 1);
                VectorKernel.block4x3(xT[j], xT[j1], xT[j2], xT[j3], m, ws.zeros, ws.gChunk, 0,
                        gw[j + 1], gw[j1 + 1], gw[j2 + 1], gw[j3 + 1], c);
            }
        }
        for (; c < ws.hp; c += L) {
            for (int j = 0; j < d; j += 4) {
                int j1 = Math.min(j + 1, d - 1), j2 = Math.min(j + 2, d - 1), j3 = Math.min(j + 3, d - 1);
                VectorKernel.block4x1(xT[j], xT[j1], xT[j2], xT[j3], m, ws.zeros, ws.gChunk, 0,
                        gw[j + 1], gw[j1 + 1], gw[j2 + 1], gw[j3 + 1], c);
            }
        }
    }

    /** xT[j][i] = rows[i][j] for i &lt; m, j &lt; d. */
    private static void transposeRows(double[][] rows, int m, int d, double[][] xT) {
        for (int i = 0; i < m; i++) {
            double[] row = rows[i];
            for (int j = 0; j < d; j++) {
                xT[j][i] = row[j];
            }
        }
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
