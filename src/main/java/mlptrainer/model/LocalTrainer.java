package mlptrainer.model;

import mlptrainer.data.Dataset;

/** STUB until the model branch lands: the course algorithm, naive. */
public final class LocalTrainer {
    public TaskOutcome train(Dataset x, MlpWeights initial, double eta, int epochs, TrainingSettings s, long seed) {
        int n = x.rows(), d = initial.inputs(), h = initial.hidden(), k = initial.classes();
        MlpWeights m = initial.copy();
        double[] w = m.w(), v = m.v();
        double[][] a = new double[n][h], y = new double[n][k];
        double before = forward(x, w, v, a, y, d, h, k);
        int ran = 0;
        for (int e = 0; e < epochs; e++) {
            double[] dv = new double[v.length], dw = new double[w.length];
            for (int i = 0; i < n; i++) {
                double[] dd = new double[k];
                for (int o = 0; o < k; o++) {
                    dd[o] = (x.label(i) == o ? 1 : 0) - y[i][o];
                }
                for (int o = 0; o < k; o++) {
                    dv[o] += dd[o];
                    for (int c = 0; c < h; c++) {
                        dv[(c + 1) * k + o] += Math.max(a[i][c], 0) * dd[o];
                    }
                }
                for (int c = 0; c < h; c++) {
                    double g = 0;
                    for (int o = 0; o < k; o++) {
                        g += dd[o] * v[(c + 1) * k + o];
                    }
                    g *= a[i][c] >= 0 ? 1 : 0;
                    dw[c] += g;
                    for (int j = 0; j < d; j++) {
                        dw[(j + 1) * h + c] += x.feature(i, j) * g;
                    }
                }
            }
            for (int q = 0; q < v.length; q++) {
                v[q] += eta * dv[q];
            }
            for (int q = 0; q < w.length; q++) {
                w[q] += eta * dw[q];
            }
            double after = forward(x, w, v, a, y, d, h, k);
            ran++;
            if (Math.abs(before - after) <= 0.2) {
                before = after;
                break;
            }
            before = after;
        }
        int wrong = 0;
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int o = 1; o < k; o++) {
                if (y[i][o] > y[i][best]) {
                    best = o;
                }
            }
            if (best != x.label(i)) {
                wrong++;
            }
        }
        return new TaskOutcome(m, ran, (double) wrong / n, before);
    }

    private static double forward(Dataset x, double[] w, double[] v, double[][] a, double[][] y, int d, int h, int k) {
        double loss = 0;
        for (int i = 0; i < x.rows(); i++) {
            for (int c = 0; c < h; c++) {
                double s = w[c];
                for (int j = 0; j < d; j++) {
                    s += x.feature(i, j) * w[(j + 1) * h + c];
                }
                a[i][c] = s;
            }
            double max = Double.NEGATIVE_INFINITY;
            for (int o = 0; o < k; o++) {
                double s = v[o];
                for (int c = 0; c < h; c++) {
                    s += Math.max(a[i][c], 0) * v[(c + 1) * k + o];
                }
                y[i][o] = s;
                max = Math.max(max, s);
            }
            double sum = 0;
            for (int o = 0; o < k; o++) {
                y[i][o] = Math.exp(y[i][o] - max);
                sum += y[i][o];
            }
            for (int o = 0; o < k; o++) {
                y[i][o] /= sum;
            }
            loss -= Math.log(y[i][x.label(i)] + 1e-6);
        }
        return loss;
    }
}
