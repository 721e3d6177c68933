package mlptrainer.model;

import mlptrainer.data.Dataset;

/** Argument checks shared by the trainers and the evaluator; messages name both sides. */
final class Checks {
    private Checks() {
    }

    /**
     * @throws IllegalArgumentException when the shard does not fit the weights (feature count,
     *                                  a label outside [0, k)) or holds a non-finite feature
     */
    static void datasetFits(Dataset data, MlpWeights weights) {
        if (data.features() != weights.inputs()) {
            throw new IllegalArgumentException(data.source() + " has d=" + data.features()
                    + " features but the weights expect d=" + weights.inputs());
        }
        int[] labels = data.labelsUnsafe();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= weights.classes()) {
                throw new IllegalArgumentException(data.source() + " row " + (i + 1) + " has label " + labels[i]
                        + " but the weights have k=" + weights.classes() + " classes (labels 0.." + (weights.classes() - 1) + ")");
            }
        }
        double[] x = data.featuresUnsafe();
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(x[i])) {
                throw new IllegalArgumentException(data.source() + " row " + (i / data.features() + 1)
                        + " feature " + (i % data.features() + 1) + " is not finite: " + x[i]);
            }
        }
    }

    /** @throws IllegalArgumentException when any weight is NaN or infinite */
    static void finiteWeights(MlpWeights weights) {
        if (!weights.isFinite()) {
            throw new IllegalArgumentException("initial weights (" + weights.shape() + ") contain NaN or infinity");
        }
    }

    /** @throws IllegalArgumentException unless eta is finite and > 0 and epochs >= 0 */
    static void stepAndEpochs(double eta, int epochs) {
        if (!(eta > 0) || !Double.isFinite(eta)) {
            throw new IllegalArgumentException("eta must be finite and > 0, got " + eta);
        }
        if (epochs < 0) {
            throw new IllegalArgumentException("epochs must be >= 0, got " + epochs);
        }
    }
}
