package mlptrainer.rpc;

import java.util.ArrayList;
import java.util.List;
import mlptrainer.model.MlpWeights;
import mlptrainer.rpc.gen.Weights;

/**
 * Converts weights between the wire form (lists of rows, bias row first) and {@link MlpWeights}
 * (flat row-major arrays), once per task in each direction. Stateless and thread-safe.
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
                    throw new IllegalArgumentException(name + "[" + r + "][" + c + "] is " + x + ", not a finite number");
                }
                flat[r * expectCols + c] = x;
            }
        }
        return flat;
    }
}
