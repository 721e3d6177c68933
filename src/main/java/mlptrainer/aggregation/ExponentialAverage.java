package mlptrainer.aggregation;

/**
 * An exponential moving average of one block of weights across rounds (Polyak averaging with
 * decay, as "EMA" of the model in common use): the first call's weights start it, and each later
 * call makes it decay a + (1 - decay) w, coordinate by coordinate in index order. Decay 0 is the
 * latest weights themselves. Serves one block: its state is sized by the first call and later
 * calls must pass the same length.
 *
 * <p>Not thread-safe: one job's thread calls it, one round at a time, in round order.
 */
public final class ExponentialAverage {
    private final double decay;
    private double[] average;

    /** @param decay the share of the average kept each round, in [0, 1) */
    public ExponentialAverage(double decay) {
        this.decay = ServerState.decay("ema", decay);
    }

    /**
     * Folds in one round's weights.
     *
     * @param weights this round's weights of the block, finite; not changed
     * @return the average so far (the instance's own array: copy it before handing it on)
     * @throws IllegalArgumentException on a length that differs from earlier calls', or a non-finite value
     */
    public double[] add(double[] weights) {
        Vectors.checkFinite("the weights", weights);
        if (average == null) {
            average = weights.clone();
            return average;
        }
        Vectors.checkSameLength("the weight block", weights.length, "the average", average.length);
        for (int i = 0; i < weights.length; i++) {
            average[i] = decay * average[i] + (1 - decay) * weights[i];
        }
        return average;
    }
}
