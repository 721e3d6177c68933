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
 * the instance and reallocated only when a larger shard or another network shape comes, so a
 * trainer that is reused allocates nothing per epoch and, per task, little beyond the returned
 * weights. They hold n x (2h + k) doubles for an n-row shard (0.9 MB at n 1500, h 24, k 26).
 *
 * <p>Not thread-safe: use one instance per thread (or one task at a time).
 */
public final class CourseTrainer {
    /** The course's early-stop threshold on |loss before - loss after| of an epoch. */
    public static final double EARLY_STOP_DELTA = 0.2;

    private final Workspace ws = new Workspace();
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
        int n = shard.rows();
        ws.ensure(initial.inputs(), initial.hidden(), initial.classes(), n);
        ws.load(initial);
        identity = identity(identity, n);
        double before = forward(shard);
        double after = before;
        int ran = 0;
        while (ran < epochs) {
            step(shard, eta);
            after = forward(shard);
            ran++;
            if (earlyStop && Math.abs(before - after) <= EARLY_STOP_DELTA) {
                break;
            }
            before = after;
        }
        // Y still holds the outputs of the trained weights: the last forward pass came after the last step
        int wrong = MlpKernel.errors(shard.labelsUnsafe(), identity, 0, n, ws);
        return new TaskOutcome(ws.store(), ran, n == 0 ? 0.0 : (double) wrong / n, after);
    }

    private double forward(Dataset shard) {
        return MlpKernel.forward(shard.featuresUnsafe(), shard.labelsUnsafe(), ws.d, identity, 0, shard.rows(), ws);
    }

    /** One full-batch step from the A and Y of the last forward pass; both gradients use the old V. */
    private void step(Dataset shard, double eta) {
        MlpKernel.transposeHiddenRows(ws);
        MlpKernel.backward(shard.featuresUnsafe(), shard.labelsUnsafe(), ws.d, identity, 0, shard.rows(), ws);
        MlpKernel.addScaled(ws.v, eta, ws.gv);
        MlpKernel.addScaled(ws.w, eta, ws.gw);
    }

    /** @return 0..n-1, reusing the array when it already is */
    static int[] identity(int[] current, int n) {
        if (current.length == n) {
            return current;
        }
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = i;
        }
        return out;
    }
}
