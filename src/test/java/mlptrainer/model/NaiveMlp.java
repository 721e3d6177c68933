package mlptrainer.model;

/**
 * The course algorithm written the obvious way, with 2-D arrays and one line per formula of
 * ref_mlp.py, as the yardstick the fast kernel is checked against. Test code only; slow on purpose.
 */
final class NaiveMlp {
    double[][] w; // (d+1) x h
    double[][] v; // (h+1) x k
    final int d;
    final int h;
    final int k;
    int epochsRun;
    double lastLoss;

    NaiveMlp(MlpWeights m) {
        d = m.inputs();
        h = m.hidden();
        k = m.classes();
        w = new double[d + 1][h];
        v = new double[h + 1][k];
        for (int i = 0; i <= d; i++) {
            for (int j = 0; j < h; j++) {
                w[i][j] = m.w()[i * h + j];
            }
        }
        for (int i = 0; i <= h; i++) {
            for (int j = 0; j < k; j++) {
                v[i][j] = m.v()[i * k + j];
            }
        }
    }

    MlpWeights toWeights() {
        double[] fw = new double[(d + 1) * h];
        double[] fv = new double[(h + 1) * k];
        for (int i = 0; i <= d; i++) {
            System.arraycopy(w[i], 0, fw, i * h, h);
        }
        for (int i = 0; i <= h; i++) {
            System.arraycopy(v[i], 0, fv, i * k, k);
        }
        return new MlpWeights(d, h, k, fw, fv);
    }

    static double[][] matmul(double[][] p, double[][] q) {
        double[][] out = new double[p.length][q[0].length];
        for (int i = 0; i < p.length; i++) {
            for (int j = 0; j < q[0].length; j++) {
                double s = 0;
                for (int t = 0; t < q.length; t++) {
                    s += p[i][t] * q[t][j];
                }
                out[i][j] = s;
            }
        }
        return out;
    }

    static double[][] transpose(double[][] p) {
        double[][] out = new double[p[0].length][p.length];
        for (int i = 0; i < p.length; i++) {
            for (int j = 0; j < p[0].length; j++) {
                out[j][i] = p[i][j];
            }
        }
        return out;
    }

    static double[][] withOnes(double[][] p) {
        double[][] out = new double[p.length][p[0].length + 1];
        for (int i = 0; i < p.length; i++) {
            out[i][0] = 1;
            System.arraycopy(p[i], 0, out[i], 1, p[i].length);
        }
        return out;
    }

    /** Returns {X1, A, Z, Y} as ref_mlp.py's forward. */
    double[][][] forward(double[][] x) {
        double[][] x1 = withOnes(x);
        double[][] a = matmul(x1, w);
        double[][] relu = new double[a.length][h];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < h; j++) {
                relu[i][j] = Math.max(a[i][j], 0);
            }
        }
        double[][] z = withOnes(relu);
        double[][] y = matmul(z, v);
        for (double[] row : y) {
            double max = Double.NEGATIVE_INFINITY;
            for (double o : row) {
                max = Math.max(max, o);
            }
            double sum = 0;
            for (int c = 0; c < k; c++) {
                row[c] = Math.exp(row[c] - max);
                sum += row[c];
            }
            for (int c = 0; c < k; c++) {
                row[c] = row[c] / sum;
            }
        }
        return new double[][][] {x1, a, z, y};
    }

    static double loss(double[][] y, int[] labels) {
        double s = 0;
        for (int i = 0; i < labels.length; i++) {
            s += Math.log(y[i][labels[i]] + 1e-6);
        }
        return -s;
    }

    /** ref_mlp.py's train, statement by statement; returns the final Y. */
    double[][] train(double[][] x, int[] labels, double eta, int epochs, boolean earlyStop) {
        double[][] r1 = new double[labels.length][k];
        for (int i = 0; i < labels.length; i++) {
            r1[i][labels[i]] = 1;
        }
        double[][][] f = forward(x);
        double before = loss(f[3], labels);
        lastLoss = before;
        epochsRun = 0;
        for (int e = 0; e < epochs; e++) {
            double[][] dMat = new double[labels.length][k];
            for (int i = 0; i < labels.length; i++) {
                for (int c = 0; c < k; c++) {
                    dMat[i][c] = r1[i][c] - f[3][i][c];
                }
            }
            double[][] dv = matmul(transpose(f[2]), dMat);
            double[][] vTail = new double[h][];
            System.arraycopy(v, 1, vTail, 0, h);
            double[][] g = matmul(dMat, transpose(vTail));
            for (int i = 0; i < g.length; i++) {
                for (int j = 0; j < h; j++) {
                    g[i][j] = g[i][j] * (f[1][i][j] >= 0 ? 1.0 : 0.0);
                }
            }
            double[][] dw = matmul(transpose(f[0]), g);
            addScaled(v, eta, dv);
            addScaled(w, eta, dw);
            f = forward(x);
            epochsRun++;
            double after = loss(f[3], labels);
            lastLoss = after;
            if (earlyStop && Math.abs(before - after) <= 0.2) {
                break;
            }
            before = after;
        }
        return f[3];
    }

    private static void addScaled(double[][] target, double eta, double[][] delta) {
        for (int i = 0; i < target.length; i++) {
            for (int j = 0; j < target[i].length; j++) {
                target[i][j] += eta * delta[i][j];
            }
        }
    }

    static double errorRate(double[][] y, int[] labels) {
        int wrong = 0;
        for (int i = 0; i < labels.length; i++) {
            int best = 0;
            for (int c = 1; c < y[i].length; c++) {
                if (y[i][c] > y[i][best]) {
                    best = c;
                }
            }
            if (best != labels[i]) {
                wrong++;
            }
        }
        return (double) wrong / labels.length;
    }
}
