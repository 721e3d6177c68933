package mlptrainer.model;

import mlptrainer.data.Dataset;

/** STUB until the model branch lands. */
public final class Evaluator {
    private Evaluator() {
    }

    public static double errorRate(Dataset data, MlpWeights m) {
        int[] p = predict(data, m);
        int wrong = 0;
        for (int i = 0; i < p.length; i++) {
            if (p[i] != data.label(i)) {
                wrong++;
            }
        }
        return (double) wrong / data.rows();
    }

    public static int[] predict(Dataset data, MlpWeights m) {
        int d = m.inputs(), h = m.hidden(), k = m.classes();
        int[] out = new int[data.rows()];
        for (int i = 0; i < data.rows(); i++) {
            double[] z = new double[h];
            for (int c = 0; c < h; c++) {
                double a = m.w()[c];
                for (int j = 0; j < d; j++) {
                    a += data.feature(i, j) * m.w()[(j + 1) * h + c];
                }
                z[c] = Math.max(a, 0);
            }
            int best = 0;
            double bestO = Double.NEGATIVE_INFINITY;
            for (int o = 0; o < k; o++) {
                double s = m.v()[o];
                for (int c = 0; c < h; c++) {
                    s += z[c] * m.v()[(c + 1) * k + o];
                }
                if (s > bestO) {
                    bestO = s;
                    best = o;
                }
            }
            out[i] = best;
        }
        return out;
    }
}
