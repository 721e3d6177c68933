package mlptrainer.rpc;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.util.ArrayList;
import java.util.List;
import mlptrainer.model.MlpWeights;
import mlptrainer.rpc.gen.Weights;

/**
 * Converts weights between the wire forms and {@link MlpWeights} (flat row-major arrays), once per
 * task in each direction: the original's lists of rows (bias row first), and the packed form of
 * TaskRequest.initial_packed (V's values then W's as big-endian doubles, the same row-major order).
 * Stateless and thread-safe.
 */
public final class WireWeights {
    private WireWeights() {
    }

    /** @return the wire form of m: V as h+1 rows of k, W as d+1 rows of h */
    public static Weights toWire(MlpWeights m) {
        return new Weights(rows(m.v(), m.hidden() + 1, m.classes()), rows(m.w(), m.inputs() + 1, m.hidden()));
    }

    /**
     * @param wire the wire weights
     * @param h    the hidden units the request declares
     * @param k    the classes the request declares
     * @return the weights, with d taken from W's row count
     * @throws IllegalArgumentException naming the expected and the actual shape, or a non-finite value
     */
    public static MlpWeights fromWire(Weights wire, int h, int k) {
        if (wire == null || wire.getV() == null || wire.getW() == null) {
            throw new IllegalArgumentException("weights missing (V and W are required)");
        }
        int d = wire.getW().size() - 1;
        if (d < 1) {
            throw new IllegalArgumentException("W must have d+1 >= 2 rows, got " + wire.getW().size());
        }
        double[] v = flatten("V", wire.getV(), h + 1, k);
        double[] w = flatten("W", wire.getW(), d + 1, h);
        return new MlpWeights(d, h, k, w, v);
    }

    /** @return m's values packed: V's (h+1) x k, then W's (d+1) x h, as big-endian doubles */
    public static ByteBuffer pack(MlpWeights m) {
        double[] v = m.v();
        double[] w = m.w();
        ByteBuffer out = ByteBuffer.allocate((v.length + w.length) * Double.BYTES);
        out.asDoubleBuffer().put(v).put(w);
        return out;
    }

    /**
     * @param packed the packed weights, from its position to its limit (not moved)
     * @param h      the hidden units the request declares (>= 1)
     * @param k      the classes the request declares (>= 1)
     * @return the weights, with d taken from the length
     * @throws IllegalArgumentException naming the expected and the actual size, or a non-finite value
     */
    public static MlpWeights unpack(ByteBuffer packed, int h, int k) {
        if (packed == null) {
            throw new IllegalArgumentException("missing");
        }
        if (h < 1 || k < 1) {
            throw new IllegalArgumentException("h and k must be >= 1, got h=" + h + " k=" + k);
        }
        int bytes = packed.remaining();
        long vCount = ((long) h + 1) * k;
        long wCount = bytes / Double.BYTES - vCount;
        if (bytes % Double.BYTES != 0 || wCount < 2L * h || wCount % h != 0) {
            throw new IllegalArgumentException(bytes + " bytes, expected 8 x ((h+1) x k + (d+1) x h) with h=" + h
                    + ", k=" + k + " and some d >= 1");
        }
        DoubleBuffer values = packed.duplicate().order(ByteOrder.BIG_ENDIAN).asDoubleBuffer();
        double[] v = new double[(int) vCount];
        double[] w = new double[(int) wCount];
        values.get(v).get(w);
        requireFinite("V", v, k);
        requireFinite("W", w, h);
        return new MlpWeights((int) (wCount / h) - 1, h, k, w, v);
    }

    private static void requireFinite(String name, double[] flat, int cols) {
        for (int i = 0; i < flat.length; i++) {
            if (!Double.isFinite(flat[i])) {
                throw new IllegalArgumentException(nonFinite(name, i / cols, i % cols, flat[i]));
            }
        }
    }

    private static String nonFinite(String name, int row, int col, Double value) {
        return name + "[" + row + "][" + col + "] is " + value + ", not a finite number";
    }

    private static List<List<Double>> rows(double[] flat, int rows, int cols) {
        List<List<Double>> out = new ArrayList<>(rows);
        for (int r = 0; r < rows; r++) {
            List<Double> row = new ArrayList<>(cols);
            for (int c = 0; c < cols; c++) {
                row.add(flat[r * cols + c]);
            }
            out.add(row);
        }
        return out;
    }

    private static double[] flatten(String name, List<List<Double>> rows, int expectRows, int expectCols) {
        if (rows.size() != expectRows) {
            throw new IllegalArgumentException(name + " must have " + expectRows + " rows, got " + rows.size());
        }
        double[] flat = new double[expectRows * expectCols];
        for (int r = 0; r < expectRows; r++) {
            List<Double> row = rows.get(r);
            if (row == null || row.size() != expectCols) {
                throw new IllegalArgumentException(name + " row " + r + " must have " + expectCols + " values, got "
                        + (row == null ? 0 : row.size()));
            }
            for (int c = 0; c < expectCols; c++) {
                Double x = row.get(c);
                if (x == null || !Double.isFinite(x)) {
                    throw new IllegalArgumentException(nonFinite(name, r, c, x));
                }
                flat[r * expectCols + c] = x;
            }
        }
        return flat;
    }
}
