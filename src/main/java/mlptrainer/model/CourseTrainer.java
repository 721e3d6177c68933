package mlptrainer.model;

import mlptrainer.data.Dataset;

/**
 * Trains one shard with the course algorithm, exactly as {@code ref_mlp.py}'s {@code train}: each
 * epoch is one full-batch step V += eta Z^T D, W += eta X1^T [(D V[1:]^T) * (A >= 0)] with
 * D = R - Y, both computed from the weights before the step; after each epoch the loss
 * -sum(log(y[label] + 1e-6)) is recomputed and training stops when it changed by at most 0.2.
 *
 * <p>Speed: the pass that measures an epoch's loss also computes the gradient of the next step
 * from the same forward values, a block of rows at a time while it is in L1, so an epoch is one pass
 * over the shard. The workspace is kept by the instance and reallocated only when another network
 * shape comes; it holds the weights, their gradients and one block of rows, whatever the shard's
 * size, so a trainer that is reused allocates nothing per epoch and, per task, little beyond the
 * returned weights.
 *
 * <p>Not thread-safe: use one instance per thread (or one task at a time).
 */
public final class CourseTrainer {
    /** The course's early-stop threshold on |loss before - loss after| of an epoch. */
    public static final double EARLY_STOP_DELTA = 0.2;

    private final Workspace ws;
    private final ProximalTerm proximal = new ProximalTerm();
    private int[] identity = new int[0];  // 0..n-1: the full batch in file order
    private int[] predicted = new int[0]; // the classes of the final evaluation

    /** A trainer with the vector kernel when the JVM has it. */
    public CourseTrainer() {
        this(new Workspace());
    }

    CourseTrainer(Workspace ws) {
        this.ws = ws;
    }

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
        return train(shard, initial, eta, epochs, earlyStop, StopSignal.NEVER);
    }

    /**
     * As {@link #train(Dataset, MlpWeights, double, int, boolean)}, polling {@code stop} before each
     * epoch; polling leaves the arithmetic as it is.
     *
     * @throws TrainingStoppedException when {@code stop} asked to stop, with the epochs completed
     */
    public TaskOutcome train(Dataset shard, MlpWeights initial, double eta, int epochs, boolean earlyStop,
            StopSignal stop) {
        return train(shard, initial, eta, epochs, earlyStop, 0, stop);
    }

    /**
     * As {@link #train(Dataset, MlpWeights, double, int, boolean, StopSignal)}, descending the
     * course loss plus FedProx's mu/2 ||w - initial||^2 ({@link ProximalTerm}); the early-stop rule
     * and the returned loss are of the course loss alone.
     *
     * @param mu the proximal weight, >= 0 (0: the course algorithm, bit for bit)
     */
    public TaskOutcome train(Dataset shard, MlpWeights initial, double eta, int epochs, boolean earlyStop,
            double mu, StopSignal stop) {
        Checks.datasetFits(shard, initial);
        Checks.finiteWeights(initial);
        Checks.stepAndEpochs(eta, epochs);
        int n = shard.rows();
        ws.ensure(initial.inputs(), initial.hidden(), initial.classes());
        ws.load(initial);
        proximal.start(ws, mu);
        identity = identity(identity, n);
        ws.bindRows(shard.featuresUnsafe());
        try {
            return descend(shard, eta, epochs, earlyStop, stop);
        } finally {
            ws.unbindRows();
        }
    }

    /**
     * The epochs of {@link #train} on the loaded weights. The pass after the last step takes no
     * gradient, so it also records the predictions for the training error: a task that runs all
     * its epochs needs no extra pass for it (one that stops early does).
     */
    private TaskOutcome descend(Dataset shard, double eta, int epochs, boolean earlyStop, StopSignal stop) {
        int[] lastPredictions = predictionsFor(shard.rows());
        // each pass gives the loss of the current weights and the gradient for the next step
        double before = pass(shard, epochs > 0, epochs > 0 ? null : lastPredictions);
        double after = before;
        int ran = 0;
        while (ran < epochs) {
            if (stop.stopRequested()) {
                throw new TrainingStoppedException(ran);
            }
            proximal.addToStep(ws, 1); // the course loss is a sum: the term counts once
            MlpKernel.addScaled(ws.v, eta, ws.gv);
            MlpKernel.addScaled(ws.w, eta, ws.gw);
            ran++;
            after = pass(shard, ran < epochs, ran < epochs ? null : lastPredictions);
            if (earlyStop && Math.abs(before - after) <= EARLY_STOP_DELTA) {
                break;
            }
            before = after;
        }
        if (ran < epochs) { // stopped early: the last pass took a gradient and recorded nothing
            pass(shard, false, lastPredictions);
        }
        return new TaskOutcome(ws.store(), ran, Evaluator.errorRate(lastPredictions, shard.labelsUnsafe(),
                shard.rows()), after);
    }

    /** One pass over the whole shard in file order: its loss, and minus its gradient into gw, gv when asked. */
    private double pass(Dataset shard, boolean gradient, int[] predicted) {
        return MlpKernel.run(shard.featuresUnsafe(), shard.labelsUnsafe(), ws.d, identity, 0, shard.rows(), ws,
                gradient, predicted);
    }

    /** @return the predictions buffer, sized for n rows (reused across tasks of the same size) */
    private int[] predictionsFor(int n) {
        if (predicted.length != n) {
            predicted = new int[n];
        }
        return predicted;
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
