package mlptrainer.model;

import java.util.Arrays;

/**
 * The weights, gradients and per-block buffers of the kernel, as arrays of rows
 * ({@code double[][]}), kept by a trainer and reused from task to task, so that nothing is
 * allocated per epoch or per batch.
 *
 * <p>Rows are padded: every row that runs over hidden units has {@link #hp} entries and every row
 * over classes {@link #kp}, h and k rounded up to the kernel's lane count, so the vector kernel
 * needs no tail loops. The padding holds exact zeros in the weights (and only signed zeros in the
 * gradients), which add nothing to any real entry; {@link #load} and {@link #store} convert from
 * and to the unpadded {@link MlpWeights}.
 *
 * <p>The batch buffers hold one block of rows (one row for the scalar kernel, one per vector lane
 * for {@link VectorKernel}, which also keeps the block transposed, one vector per hidden unit or
 * class): the kernel takes a batch through the forward pass, the loss and the gradient one block
 * at a time while the block is in registers and L1, whatever the batch's size. Not thread-safe.
 */
final class Workspace {
    /** The most doubles {@link #bindRows} copies (8 MiB). */
    static final int BIND_LIMIT = 1 << 20;
    /** Whether {@link MlpKernel#run} takes {@link VectorKernel}'s path (same results, faster once compiled). */
    final boolean vector;
    int d;
    int h;
    int k;
    int dp;         // d rounded up to the lane count
    int hp;         // h rounded up to the lane count
    int kp;         // k rounded up to the lane count
    double[][] w;   // (d+1) x hp, W's rows, bias row first
    double[][] v;   // (h+1) x kp
    double[][] vt;  // k x hp, V[1:]^T
    double[][] gw;  // (d+1) x hp, minus the gradient of W (summed over a batch)
    double[][] gv;  // (h+1) x kp
    double[][] a;   // block x hp, pre-activations of the block's rows
    double[][] z;   // block x hp, relu(A)
    double[][] o;   // block x kp, the vector kernel's Z1 V of the block's rows
    double[][] y;   // 1 x kp, the scalar kernel's softmax outputs, then D = R - Y
    double[][] g;   // 1 x hp, the scalar kernel's (D V[1:]^T) * (A >= 0)
    double[] zeros; // max(hp, kp) zeros: "no bias" for the kernel's matrix products
    double[] row;   // d values: one input row copied from an arbitrary offset
    // the vector kernel's block of B = 2L rows: the rows padded, and transposed (B rows per unit or class)
    double[][] xr;  // B: the block's input rows, xrOwn's copies or a bound array's rows
    double[][] xrOwn; // B x dp, buffers for rows copied from an unbound feature array
    double[] boundX;  // the feature array whose rows xRows holds (see bindRows), or null
    double[][] xRows; // n x dp, boundX's rows
    double[] aT;    // h x B, A transposed
    double[] zT;    // h x B, relu(A) transposed
    double[] oT;    // k x B, outputs, softmax, then D, transposed
    double[] gT;    // h x B, G transposed
    double[][] gvT; // k x hp, minus the gradient of V[1:], transposed
    double[][] gwT; // h x dp, minus the gradient of W[1:], transposed
    double[] logs;  // B, the block's loss terms
    double[] maxLanes; // B, the softmax's maxima of the block's rows
    double[] sink;  // max(h, k): bias sums that nothing reads, from gradient tiles after the first
    // label smoothing s: targets are smoothKeep at the label plus smoothOff everywhere (keep = 1 - s, off = s / k)
    boolean smoothing;
    double smoothOff;
    double smoothKeep;
    // WideKernel's chunk of rows (sized by ensureWide): the hidden layer and the input gradient as matrix products
    double[][] chunkRows; // chunk: the chunk's input rows, chunkOwn's copies or a bound array's rows
    double[][] chunkOwn;  // chunk x d, buffers for rows copied from an unbound feature array
    double[][] aChunk;    // chunk x hp, X1 W of the chunk's rows
    double[][] gChunk;    // chunk x hp, G of the chunk's rows (padding stays zero)
    double[] packRows;    // the chunk's rows in groups of WideKernel.ROWS, interleaved (hidden layer)
    double[] packInputs;  // the chunk's inputs in groups of WideKernel.ROWS, interleaved (gradient of W)
    double[] packedW;     // d x hp: W's rows but the bias in panels of WideKernel.PW columns, packed (evaluation)
    double[] panel;       // max(d, chunk) x PW: a panel of W's or of G's columns, packed
    double[] panelBias;   // PW: the panel's columns of W's bias row
    double[] panelZeros;  // PW zeros: the gradient's start
    double[] panelOut;    // chunk (rounded up to ROWS) x PW: the register tiles' results for one panel

    /** A workspace for the vector kernel when it is available ({@link MlpKernel#VECTOR}). */
    Workspace() {
        this(MlpKernel.VECTOR);
    }

    /** @param vector whether to use the vector kernel; requires {@link MlpKernel#VECTOR} when true */
    Workspace(boolean vector) {
        if (vector && !MlpKernel.VECTOR) {
            throw new IllegalStateException("the vector kernel needs --add-modules jdk.incubator.vector");
        }
        this.vector = vector;
    }

    /**
     * Sets the label smoothing of the gradients the kernel computes from now on; 0 restores the
     * one-hot targets, bit for bit. Call after {@link #ensure}, which sets k.
     */
    void labelSmoothing(double s) {
        smoothing = s != 0;
        smoothOff = s / k;
        smoothKeep = 1 - s;
    }

    /** Sizes the buffers for the shape; reallocates only when the shape changes. */
    void ensure(int d, int h, int k) {
        if (w != null && d == this.d && h == this.h && k == this.k) {
            return;
        }
        this.d = d;
        this.h = h;
        this.k = k;
        dp = padded(d);
        hp = padded(h);
        kp = padded(k);
        w = new double[d + 1][hp];
        v = new double[h + 1][kp];
        vt = new double[k][hp];
        gw = new double[d + 1][hp];
        gv = new double[h + 1][kp];
        int block = vector ? VectorKernel.blockRows() : 1;
        a = new double[block][hp];
        z = new double[block][hp];
        y = new double[1][kp];
        g = new double[1][hp];
        zeros = new double[Math.max(hp, kp)];
        row = new double[d];
        if (vector) {
            o = new double[block][kp];
            xrOwn = new double[block][dp];
            xr = new double[block][];
            boundX = null;
            xRows = null;
            aT = new double[h * block];
            zT = new double[h * block];
            oT = new double[k * block];
            gT = new double[h * block];
            gvT = new double[k][hp];
            gwT = new double[h][dp];
            logs = new double[block];
            maxLanes = new double[block];
            sink = new double[Math.max(h, k)];
        }
        chunkRows = null;
    }

    /** Sizes WideKernel's chunk buffers for at least {@code rows} rows; reallocates only to grow. */
    void ensureWide(int rows) {
        if (chunkRows != null && chunkRows.length >= rows) {
            return;
        }
        chunkRows = new double[rows][];
        chunkOwn = new double[rows][d];
        aChunk = new double[rows][hp];
        gChunk = new double[rows][hp];
        int groupRows = (rows + WideKernel.ROWS - 1) / WideKernel.ROWS * WideKernel.ROWS;
        int groupInputs = (d + WideKernel.ROWS - 1) / WideKernel.ROWS * WideKernel.ROWS;
        packRows = new double[groupRows * d];
        packInputs = new double[groupInputs * rows];
        packedW = new double[d * hp];
        panel = new double[Math.max(d, rows) * WideKernel.PW];
        panelBias = new double[WideKernel.PW];
        panelZeros = new double[WideKernel.PW];
        panelOut = new double[groupRows * WideKernel.PW];
    }

    /**
     * Lets the vector kernel read x's rows in place for the calls until {@link #unbindRows}: copies
     * them once into rows of their own, so that a block refers to them instead of copying 16 rows
     * per block and epoch (3 to 4% of an epoch). Only the very array x is bound, so any other
     * array still takes the copying path. Does nothing for the scalar kernel or above
     * {@value #BIND_LIMIT} doubles (the copy doubles the features' memory, and per block the
     * copy costs only a few per cent). The caller must not change x while it is bound.
     *
     * @param x row-major features of the shape the workspace was ensured for
     */
    void bindRows(double[] x) {
        int n = x.length / d;
        if (!vector || (long) n * dp > BIND_LIMIT) {
            boundX = null;
            return;
        }
        if (xRows == null || xRows.length != n) {
            xRows = new double[n][dp];
        }
        for (int i = 0; i < n; i++) {
            System.arraycopy(x, i * d, xRows[i], 0, d);
        }
        boundX = x;
    }

    /** Ends {@link #bindRows}: the kernel copies rows again, and the rows' memory stays for the next binding. */
    void unbindRows() {
        boundX = null;
    }

    private static int padded(int n) {
        int lanes = MlpKernel.LANES;
        return (n + lanes - 1) / lanes * lanes;
    }

    /** Copies the weights into w and v (padding stays zero). */
    void load(MlpWeights m) {
        toRows(m.w(), h, w);
        toRows(m.v(), k, v);
    }

    /** @return new weights holding w and v without their padding */
    MlpWeights store() {
        return new MlpWeights(d, h, k, flat(w, h), flat(v, k));
    }

    private static void toRows(double[] flat, int cols, double[][] rows) {
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(flat, i * cols, rows[i], 0, cols);
        }
    }

    private static double[] flat(double[][] rows, int cols) {
        double[] out = new double[rows.length * cols];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, out, i * cols, cols);
        }
        return out;
    }

    /** Zero-filled matrix of the shape of {@code like}, or {@code like} itself zeroed when reusable. */
    static double[][] zeroedLike(double[][] reuse, double[][] like) {
        if (reuse == null || reuse.length != like.length || reuse[0].length != like[0].length) {
            return new double[like.length][like[0].length];
        }
        for (double[] r : reuse) {
            Arrays.fill(r, 0.0);
        }
        return reuse;
    }
}
