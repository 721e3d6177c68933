package mlptrainer.model;

/**
 * One optimiser step on one weight matrix (rows, bias row first), from the batch's summed
 * negative gradient. Each loop runs over a whole row indexed from 0 with no dependence between
 * elements, a shape C2 vectorises. The bias row gets no weight decay.
 */
final class OptimizerSteps {
    private OptimizerSteps() {
    }

    /**
     * @param weights   rows of one weight matrix, bias row first; updated in place
     * @param negSum    minus the gradient summed over the batch; grad = gradScale * negSum
     * @param first     momentum buffer or Adam's first moment (updated in place)
     * @param second    Adam's second moment (updated in place)
     * @param step      the 1-based step number within this task, for Adam's bias correction
     */
    static void apply(TrainingSettings s, double[][] weights, double[][] negSum, double[][] first,
                      double[][] second, double gradScale, double lr, long step) {
        double c1 = 1 - Math.pow(s.adamBeta1(), step);
        double c2 = 1 - Math.pow(s.adamBeta2(), step);
        for (int row = 0; row < weights.length; row++) {
            double decay = row == 0 ? 0.0 : s.weightDecay(); // no decay on the bias row
            double[] w = weights[row];
            double[] g = negSum[row];
            switch (s.optimizer()) {
                case SGD:
                    sgd(w, g, gradScale, lr, decay);
                    break;
                case MOMENTUM:
                    momentum(w, g, first[row], gradScale, lr, s.momentum(), decay);
                    break;
                case ADAM:
                    adam(w, g, first[row], second[row], gradScale, lr, s, c1, c2, decay);
                    break;
                default:
                    throw new IllegalStateException("no mini-batch step for " + s.optimizer());
            }
        }
    }

    /** w -= lr * (grad + decay * w) */
    static void sgd(double[] w, double[] negSum, double gradScale, double lr, double decay) {
        for (int i = 0; i < w.length; i++) {
            double grad = gradScale * negSum[i];
            w[i] -= lr * (grad + decay * w[i]);
        }
    }

    /** buf = beta * buf + grad; w -= lr * (buf + decay * w) */
    static void momentum(double[] w, double[] negSum, double[] buf, double gradScale, double lr, double beta,
                         double decay) {
        for (int i = 0; i < w.length; i++) {
            double grad = gradScale * negSum[i];
            buf[i] = beta * buf[i] + grad;
            w[i] -= lr * (buf[i] + decay * w[i]);
        }
    }

    /** m = b1 m + (1-b1) g; s = b2 s + (1-b2) g^2; w -= lr * ((m/c1) / (sqrt(s/c2) + eps) + decay * w) */
    static void adam(double[] w, double[] negSum, double[] m, double[] sq, double gradScale, double lr,
                     TrainingSettings s, double c1, double c2, double decay) {
        double b1 = s.adamBeta1();
        double b2 = s.adamBeta2();
        double eps = s.adamEpsilon();
        for (int i = 0; i < w.length; i++) {
            double grad = gradScale * negSum[i];
            m[i] = b1 * m[i] + (1 - b1) * grad;
            sq[i] = b2 * sq[i] + (1 - b2) * grad * grad;
            w[i] -= lr * ((m[i] / c1) / (Math.sqrt(sq[i] / c2) + eps) + decay * w[i]);
        }
    }
}
