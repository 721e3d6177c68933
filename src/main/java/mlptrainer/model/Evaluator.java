package mlptrainer.model;

import mlptrainer.data.Dataset;

/**
 * Predictions and error rate of weights on a dataset, with the same forward pass as training:
 * the class is the argmax of the softmax, the lowest index on ties (as numpy's argmax in the
 * reference). Static and thread-safe: each call uses its own workspace, sized to one block of rows.
 */
public final class Evaluator {
    private Evaluator() {
    }

    /**
     * @return the fraction of rows whose predicted class differs from their label, in [0, 1]
     * @throws IllegalArgumentException when the dataset is empty or does not fit the weights
     */
    public static double errorRate(Dataset data, MlpWeights weights) {
        if (data.rows() == 0) {
            throw new IllegalArgumentException(data.source() + " has no rows to evaluate");
        }
        return errorRate(predict(data, weights), data.labelsUnsafe(), data.rows());
    }

    /** @return the share of the first n rows whose predicted class is not their label; 0 when n is 0 */
    static double errorRate(int[] predicted, int[] labels, int n) {
        int wrong = 0;
        for (int i = 0; i < n; i++) {
            if (predicted[i] != labels[i]) {
                wrong++;
            }
        }
        return n == 0 ? 0.0 : (double) wrong / n;
    }

    /**
     * @return the predicted class of every row, in row order
     * @throws IllegalArgumentException when the dataset does not fit the weights
     */
    public static int[] predict(Dataset data, MlpWeights weights) {
        Checks.datasetFits(data, weights);
        int n = data.rows();
        int[] out = new int[n];
        int[] rows = CourseTrainer.identity(new int[0], n);
        Workspace ws = loaded(weights);
        MlpKernel.run(data.featuresUnsafe(), data.labelsUnsafe(), data.features(), rows, 0, n, ws, false, out);
        return out;
    }

    /**
     * @param features the row's d feature values, from {@code offset}
     * @return the predicted class of one row
     * @throws IllegalArgumentException when fewer than d values follow {@code offset}
     */
    public static int predict(MlpWeights weights, double[] features, int offset) {
        int d = weights.inputs();
        if (offset < 0 || features.length - offset < d) {
            throw new IllegalArgumentException("a row needs d=" + weights.inputs() + " features but "
                    + (features.length - offset) + " follow offset " + offset);
        }
        Workspace ws = loaded(weights);
        System.arraycopy(features, offset, ws.row, 0, d);
        int[] out = new int[1];
        MlpKernel.run(ws.row, new int[] {0}, d, new int[] {0}, 0, 1, ws, false, out);
        return out[0];
    }

    private static Workspace loaded(MlpWeights weights) {
        Workspace ws = new Workspace();
        ws.ensure(weights.inputs(), weights.hidden(), weights.classes());
        ws.load(weights);
        return ws;
    }
}
