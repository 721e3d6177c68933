package mlptrainer.model;

/**
 * The buffers of the kernel, as arrays of rows ({@code double[][]}), kept by a trainer and reused
 * from task to task. Rows are separate arrays on purpose: C2 in JDK 17 vectorises
 * {@code y[i] += s * x[i]} but not {@code y[yo + i] += s * x[xo + i]} with two different
 * loop-invariant offsets (measured: 0.14 against 0.57 ns per multiply-add at h = 256), so every
 * hot loop indexes whole rows from 0. Not thread-safe.
 */
final class Workspace {
    int d;
    int h;
    int k;
    int capacity;
    double[][] w;   // (d+1) x h, W's rows, bias row first
    double[][] v;   // (h+1) x k
    double[][] vt;  // k x h, V[1:]^T
    double[][] gw;  // (d+1) x h, minus the gradient of W (summed over a batch)
    double[][] gv;  // (h+1) x k
    double[][] a;   // capacity x h, pre-activations of the batch's rows
    double[][] y;   // capacity x k, softmax outputs, then D = R - Y
    double[][] g;   // capacity x h, (D V[1:]^T) * (A >= 0)
    double[][] z;   // capacity x h, relu(A) (VectorKernel only)
    int[] active;   // h, the hidden units of one row whose ReLU is on
    double[] zeros; // max(h, k) zeros, the "no bias" of VectorKernel.block4

    /** Sizes the buffers for the shape and at least {@code rows} batch rows; reallocates only when needed. */
    void ensure(int d, int h, int k, int rows) {
        if (w == null || d != this.d || h != this.h || k != this.k) {
            this.d = d;
            this.h = h;
            this.k = k;
            w = new double[d + 1][h];
            v = new double[h + 1][k];
            vt = new double[k][h];
            gw = new double[d + 1][h];
            gv = new double[h + 1][k];
            active = new int[h];
            zeros = new double[Math.max(h, k)];
            capacity = 0;
        }
        if (rows > capacity) {
            a = new double[rows][h];
            y = new double[rows][k];
            g = new double[rows][h];
            z = MlpKernel.VECTOR ? new double[rows][h] : null;
            capacity = rows;
        }
    }

    /** Copies the weights into w and v. */
    void load(MlpWeights m) {
        toRows(m.w(), w);
        toRows(m.v(), v);
    }

    /** @return new weights holding w and v */
    MlpWeights store() {
        return new MlpWeights(d, h, k, flat(w), flat(v));
    }

    static void toRows(double[] flat, double[][] rows) {
        int cols = rows[0].length;
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(flat, i * cols, rows[i], 0, cols);
        }
    }

    static double[] flat(double[][] rows) {
        int cols = rows[0].length;
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
        for (double[] row : reuse) {
            java.util.Arrays.fill(row, 0.0);
        }
        return reuse;
    }
}
