package mlptrainer.model;

import mlptrainer.data.Dataset;

/**
 * Trains one shard with the course algorithm, exactly as {@code ref_mlp.py}'s {@code train}: each
 * epoch is one full-batch step V += eta Z^T D, W += eta X1^T [(D V[1:]^T) * (A >= 0)] with
 * D = R - Y, both computed from the weights before the step; after each epoch the loss
 * -sum(log(y[label] + 1e-6)) is recomputed and training stops when it changed by at most 0.2.
 *
 * <p>Speed: the forward pass that measures an epoch's loss also provides A and Y for the next
 * epoch's backward pass, so an epoch is one forward and one backward pass. Workspaces are kept by
 * the instance and only grow (when a larger shard or network comes), so a trainer that is reused
 * allocates nothing per epoch and nothing per task beyond the returned weights.
 *
 * <p>Not thread-safe: use one instance per thread (or one task at a time).
 */
public final class CourseTrainer {
    /** The course's early-stop threshold on |loss before - loss after| of an epoch. */
    public static final double EARLY_STOP_DELTA = 0.2;

    private double[] a = new double[0];   // n x h hidden pre-activations X1 W
    private double[] y = new double[0];   // n x k softmax outputs; D = R - Y after a backward pass
    private double[] vt = new double[0];  // k x h, V[1:]^T of the weights of the forward pass
    private double[] gw = new double[0];  // (d+1) x h, X1^T G
    private double[] gv = new double[0];  // (h+1) x k, Z^T D
    private double[] g = new double[0];   // h, one row of G
    private int[] identity = new int[0];  // 0..n-1: the full batch in file order

    /** Trains with the course's early-stop rule; see {@link #train(Dataset, MlpWeights, double, int, boolean)}. */
    public TaskOutcome train(Dataset shard, MlpWeights initial, double eta, int epochs) {
        return train(shard, initial, eta, epochs, true);
    }

    /**
     * @param shard     the rows to train on (read, never written)
     * @param initial   the starting weights (read, never written)
     * @param eta       the step size, finite and > 0
     * @param epochs    the most full-batch steps to take, >= 0
     * @param earlyStop whether to stop once an epoch changes the loss by at most {@value #EARLY_STOP_DELTA}
     * @return new trained weights, the epochs run, and the error rate and loss on the shard after training
     * @throws IllegalArgumentException when the shard does not fit the weights, holds a non-finite
     *                                  feature, the weights are not finite, or eta/epochs are out of range
     */
    public TaskOutcome train(Dataset shard, MlpWeights initial, double eta, int epochs, boolean earlyStop) {
        Checks.datasetFits(shard, initial);
        Checks.finiteWeights(initial);
        Checks.stepAndEpochs(eta, epochs);
        MlpWeights trained = initial.copy();
        int n = shard.rows();
        ensureCapacity(n, trained.inputs(), trained.hidden(), trained.classes());
        double before = forward(shard, trained);
        double after = before;
        int ran = 0;
        while (ran < epochs) {
            step(shard, trained, eta);
            after = forward(shard, trained);
            ran++;
            if (earlyStop && Math.abs(before - after) <= EARLY_STOP_DELTA) {
                break;
            }
            before = after;
        }
        // Y still holds the outputs of the trained weights: the last forward pass came after the last step
        int wrong = MlpKernel.errors(shard.labelsUnsafe(), identity, 0, n, y, trained.classes());
        return new TaskOutcome(trained, ran, n == 0 ? 0.0 : (double) wrong / n, after);
    }

    private double forward(Dataset shard, MlpWeights m) {
        return MlpKernel.forward(shard.featuresUnsafe(), shard.labelsUnsafe(), m.inputs(), identity, 0,
                shard.rows(), m.w(), m.hidden(), m.v(), m.classes(), a, y);
    }

    /** One full-batch step from the A and Y of the last forward pass; both gradients use the old V. */
    private void step(Dataset shard, MlpWeights m, double eta) {
        int d = m.inputs();
        int h = m.hidden();
        int k = m.classes();
        MlpKernel.transposeHiddenRows(m.v(), h, k, vt);
        MlpKernel.backward(shard.featuresUnsafe(), shard.labelsUnsafe(), d, identity, 0, shard.rows(),
                h, k, vt, a, y, gw, gv, g);
        MlpKernel.addScaled(m.v(), eta, gv, (h + 1) * k);
        MlpKernel.addScaled(m.w(), eta, gw, (d + 1) * h);
    }

    private void ensureCapacity(int n, int d, int h, int k) {
        a = grow(a, n * h);
        y = grow(y, n * k);
        vt = grow(vt, k * h);
        gw = grow(gw, (d + 1) * h);
        gv = grow(gv, (h + 1) * k);
        g = grow(g, h);
        if (identity.length < n) {
            identity = new int[n];
            for (int i = 0; i < n; i++) {
                identity[i] = i;
            }
        }
    }

    static double[] grow(double[] buffer, int size) {
        return buffer.length >= size ? buffer : new double[size];
    }
}
