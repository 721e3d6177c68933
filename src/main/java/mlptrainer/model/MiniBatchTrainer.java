package mlptrainer.model;

import java.util.SplittableRandom;

import mlptrainer.data.Dataset;

/**
 * Trains one shard with mini-batch SGD, momentum or Adam for a fixed number of epochs (no early
 * stop). Each epoch visits the rows in a new random order drawn from the task's shuffle seed, in
 * batches of {@link TrainingSettings#batchSize()} (the last one may be smaller). A step descends
 * the gradient of the batch's MEAN loss, so the learning rate does not depend on the batch size;
 * weight decay is decoupled (AdamW style) and spares the bias rows. Optimiser state (momentum
 * buffer, Adam moments and step count) starts from zero in every call: it is local to one task.
 *
 * <p>Deterministic: the same shard, weights, eta, epochs, settings and seed give bit-identical
 * weights on every machine running the same JVM build (the arithmetic has a fixed order and
 * java.util.SplittableRandom is specified; the exponential and logarithm are {@link Exp} and
 * {@link Log}, fixed sequences of IEEE operations, except in their out-of-range fallbacks to
 * Math.exp and Math.log, which may differ by an ulp between JVM implementations). Not
 * thread-safe: workspaces are kept by the instance, so nothing is allocated per batch or per
 * epoch; use one instance per thread.
 */
public final class MiniBatchTrainer {
    /** The stop signal is polled before every this many batches (a power of two), and before each epoch. */
    private static final int BATCHES_PER_STOP_CHECK = 16;
    private final Workspace ws;
    private final ProximalTerm proximal = new ProximalTerm();
    private final InputNoise noise = new InputNoise();
    private final HiddenDropout dropout = new HiddenDropout();
    private double[][] mw;   // momentum buffer or Adam's first moment of W
    private double[][] mv;
    private double[][] sw;   // Adam's second moment of W
    private double[][] sv;
    private int[] order = new int[0];     // the rows in this epoch's order
    private int[] identity = new int[0];  // the rows in file order, for the final evaluation
    private int[] predicted = new int[0]; // the classes of the final evaluation

    /** A trainer with the vector kernel when the JVM has it. */
    public MiniBatchTrainer() {
        this(new Workspace());
    }

    MiniBatchTrainer(Workspace ws) {
        this.ws = ws;
    }

    /**
     * @param shard       the (already standardised, when asked) rows; read only
     * @param initial     the starting weights; read only
     * @param eta         this task's learning rate (the coordinator applies the schedule), finite and > 0
     * @param epochs      passes over the shard, >= 0
     * @param settings    a mini-batch optimiser (not gd)
     * @param shuffleSeed seeds the row order of every epoch of this task
     * @return new weights, epochs run (= epochs), and the course loss (a sum) and error rate of
     *         the trained weights on the whole shard
     * @throws IllegalArgumentException on a mismatched shard, non-finite input or bad eta/epochs,
     *                                  or when settings ask for gd
     */
    public TaskOutcome train(Dataset shard, MlpWeights initial, double eta, int epochs,
                             TrainingSettings settings, long shuffleSeed) {
        return train(shard, initial, eta, epochs, settings, shuffleSeed, StopSignal.NEVER);
    }

    /**
     * As {@link #train(Dataset, MlpWeights, double, int, TrainingSettings, long)}, polling
     * {@code stop} before each epoch and every {@value #BATCHES_PER_STOP_CHECK} batches; polling
     * leaves the arithmetic as it is.
     *
     * @throws TrainingStoppedException when {@code stop} asked to stop, with the full epochs completed
     */
    public TaskOutcome train(Dataset shard, MlpWeights initial, double eta, int epochs,
                             TrainingSettings settings, long shuffleSeed, StopSignal stop) {
        if (settings.isCourse()) {
            throw new IllegalArgumentException("optimizer gd trains with CourseTrainer, not in mini-batches");
        }
        Checks.datasetFits(shard, initial);
        Checks.finiteWeights(initial);
        Checks.stepAndEpochs(eta, epochs);
        int n = shard.rows();
        int batch = Math.max(1, Math.min(settings.batchSize(), n));
        prepare(initial, n);
        proximal.start(ws, settings.mu());
        ws.labelSmoothing(settings.labelSmoothing());
        noise.start(settings.inputNoise(), shuffleSeed);
        dropout.start(settings.dropout(), shuffleSeed);
        ws.bindRows(shard.featuresUnsafe());
        try {
            SplittableRandom random = new SplittableRandom(shuffleSeed);
            long step = 0;
            for (int e = 0; e < epochs; e++) {
                shuffle(order, n, random);
                for (int from = 0; from < n; from += batch) {
                    if ((from == 0 || (step & (BATCHES_PER_STOP_CHECK - 1)) == 0) && stop.stopRequested()) {
                        throw new TrainingStoppedException(e);
                    }
                    step++;
                    batchStep(shard, from, Math.min(batch, n - from), eta, settings, step);
                }
            }
            return evaluate(shard, epochs);
        } finally {
            ws.unbindRows();
            ws.labelSmoothing(0);
        }
    }

    private void prepare(MlpWeights initial, int n) {
        ws.ensure(initial.inputs(), initial.hidden(), initial.classes());
        ws.load(initial);
        // fresh optimiser state for every task
        mw = Workspace.zeroedLike(mw, ws.w);
        mv = Workspace.zeroedLike(mv, ws.v);
        sw = Workspace.zeroedLike(sw, ws.w);
        sv = Workspace.zeroedLike(sv, ws.v);
        identity = CourseTrainer.identity(identity, n);
        if (order.length != n) {
            order = new int[n];
            predicted = new int[n];
        }
        // every task starts from file order, so its shuffles depend on its seed only
        System.arraycopy(identity, 0, order, 0, n);
    }

    /** Fisher-Yates over order[0..n). */
    private static void shuffle(int[] order, int n, SplittableRandom random) {
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    private void batchStep(Dataset shard, int from, int count, double eta, TrainingSettings s, long step) {
        double[] x = shard.featuresUnsafe();
        int[] labels = shard.labelsUnsafe();
        if (dropout.active()) {
            dropout.startStep(ws);
        }
        if (noise.active()) {
            noise.fill(x, labels, ws.d, order, from, count);
            MlpKernel.run(noise.features(), noise.labels(), ws.d, noise.rows(), 0, count, ws, true, null);
        } else {
            MlpKernel.run(x, labels, ws.d, order, from, count, ws, true, null);
        }
        if (dropout.active()) {
            dropout.finishStep(ws);
        }
        proximal.addToStep(ws, count); // count x mu in the sum is mu in the batch's mean loss
        // gw, gv hold minus the summed gradient; the mean's gradient is that times -1/count
        double gradScale = -1.0 / count;
        OptimizerSteps.apply(s, ws.w, ws.gw, mw, sw, gradScale, eta, step);
        OptimizerSteps.apply(s, ws.v, ws.gv, mv, sv, gradScale, eta, step);
    }

    /** The course loss and error of the trained weights on the whole shard, in file order. */
    private TaskOutcome evaluate(Dataset shard, int epochs) {
        int n = shard.rows();
        int[] labels = shard.labelsUnsafe();
        double loss = MlpKernel.run(shard.featuresUnsafe(), labels, ws.d, identity, 0, n, ws, false, predicted);
        return new TaskOutcome(ws.store(), epochs, Evaluator.errorRate(predicted, labels, n), loss);
    }
}
