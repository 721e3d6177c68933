package mlptrainer.aggregation;

/**
 * A server-side optimiser of federated training: it treats the round's aggregated delta as a
 * pseudo-gradient (minus the gradient) and moves the global weights by its own rule, keeping
 * state between rounds. One instance serves one block of weights: its state is sized by the first
 * call and later calls must pass the same length.
 *
 * <p>Not thread-safe: one job's thread calls it, one round at a time, in round order.
 */
public interface ServerOptimizer {

    /**
     * @param weights the global weights of this block, moved in place
     * @param delta   the round's aggregated delta of this block, finite, same length; not changed
     * @throws IllegalArgumentException on a length that differs from the weights' or from earlier calls', or a non-finite delta
     */
    void stepInPlace(double[] weights, double[] delta);
}
