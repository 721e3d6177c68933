package mlptrainer.model;

/**
 * FedProx's proximal term mu/2 ||w - w_start||^2 (Li et al., "Federated Optimization in
 * Heterogeneous Networks", MLSys 2020) for the local trainers: it keeps a task's starting weights
 * and adds the term's gradient, mu (w - w_start), to each step's gradient, so that a task's weights
 * stay near the round's model. With mu = 0 it keeps nothing and changes nothing: training without
 * it is the same bit for bit. Not thread-safe: one per trainer, reused from task to task.
 */
final class ProximalTerm {
    private double mu;
    private double[][] startW;
    private double[][] startV;

    /** Takes the workspace's loaded weights as the task's start; mu = 0 turns the term off. */
    void start(Workspace ws, double mu) {
        if (!(mu >= 0) || !Double.isFinite(mu)) {
            throw new IllegalArgumentException("mu must be a finite number >= 0, got " + mu);
        }
        this.mu = mu;
        if (mu == 0) {
            return;
        }
        startW = copyOf(ws.w, startW);
        startV = copyOf(ws.v, startV);
    }

    /**
     * Adds the term to a step's gradient: gw -= rows x mu (w - start), and gv alike.
     *
     * @param rows how many rows the step's summed gradient covers (gw and gv hold minus a sum over
     *             them; the mini-batch trainers divide it by this, so the term is scaled up to match)
     */
    void addToStep(Workspace ws, int rows) {
        if (mu == 0) {
            return;
        }
        subtractScaledDifferenceInPlace(ws.gw, ws.w, startW, rows * mu);
        subtractScaledDifferenceInPlace(ws.gv, ws.v, startV, rows * mu);
    }

    /** negGrad -= c (w - start), row by row in index order (padding: zero in all three, stays zero). */
    static void subtractScaledDifferenceInPlace(double[][] negGrad, double[][] w, double[][] start, double c) {
        for (int r = 0; r < w.length; r++) {
            double[] g = negGrad[r];
            double[] wr = w[r];
            double[] sr = start[r];
            for (int i = 0; i < wr.length; i++) {
                g[i] -= c * (wr[i] - sr[i]);
            }
        }
    }

    private static double[][] copyOf(double[][] from, double[][] reuse) {
        double[][] out = Workspace.zeroedLike(reuse, from);
        for (int r = 0; r < from.length; r++) {
            System.arraycopy(from[r], 0, out[r], 0, from[r].length);
        }
        return out;
    }
}
