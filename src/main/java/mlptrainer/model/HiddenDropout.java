package mlptrainer.model;

import java.util.SplittableRandom;

/**
 * Batch-wise dropout of hidden units (Graham et al. 2015, "Efficient batchwise dropout training
 * using submatrices"): each mini-batch step drops every hidden unit with probability p, for all
 * the batch's rows at once, and scales the kept ones by 1 / (1 - p) (inverted dropout, so the
 * trained network is used as it is). Dropping unit m and scaling the others is the same network
 * as one whose row m + 1 of V (the unit's outgoing weights) is multiplied by its factor c_m, 0 or
 * 1 / (1 - p): the step runs the unchanged kernel on such a thinned copy of V, and the gradient of
 * the real row is c_m times the kernel's gradient of the thinned one (the chain rule); W's
 * gradient reaches only the kept units, through the thinned V. The output bias row is never
 * dropped.
 *
 * <p>The mask is drawn from a stream of its own seeded by the task's shuffle seed (h draws a step,
 * in unit order), so a task repeats to the bit and the row order and input noise are those of a
 * task without dropout. Not thread-safe; buffers are kept from task to task.
 */
final class HiddenDropout {
    /** Mixed into the shuffle seed, so the mask stream is neither the shuffle's nor the input noise's. */
    private static final long STREAM = 0xD1B54A32D192ED03L;
    private double p;
    private double keptScale;
    private SplittableRandom random;
    private double[] factors = new double[0];
    private double[][] thinned = new double[0][];
    private double[][] full;

    /** Starts a task: p 0 turns dropout off. */
    void start(double p, long shuffleSeed) {
        this.p = p;
        keptScale = 1 / (1 - p);
        random = p == 0 ? null : new SplittableRandom(shuffleSeed ^ STREAM);
    }

    boolean active() {
        return random != null;
    }

    /**
     * Draws this step's mask and points the workspace's V at the thinned copy; {@link #finishStep}
     * must follow the step's kernel run.
     */
    void startStep(Workspace ws) {
        ensure(ws);
        for (int m = 0; m < ws.h; m++) {
            factors[m] = random.nextDouble() < p ? 0 : keptScale;
        }
        full = ws.v;
        System.arraycopy(full[0], 0, thinned[0], 0, full[0].length);
        for (int m = 0; m < ws.h; m++) {
            double[] from = full[m + 1];
            double[] to = thinned[m + 1];
            double c = factors[m];
            for (int j = 0; j < from.length; j++) {
                to[j] = c * from[j];
            }
        }
        ws.v = thinned;
    }

    /** Restores the workspace's V and turns the thinned V's gradient into the real one's. */
    void finishStep(Workspace ws) {
        ws.v = full;
        for (int m = 0; m < ws.h; m++) {
            double[] g = ws.gv[m + 1];
            double c = factors[m];
            for (int j = 0; j < g.length; j++) {
                g[j] *= c;
            }
        }
    }

    /** @return unit m's factor in the current step: 0 when dropped, 1 / (1 - p) when kept */
    double factor(int m) {
        return factors[m];
    }

    private void ensure(Workspace ws) {
        if (factors.length != ws.h || thinned.length != ws.v.length || thinned[0].length != ws.v[0].length) {
            factors = new double[ws.h];
            thinned = new double[ws.v.length][ws.v[0].length];
        }
    }
}
