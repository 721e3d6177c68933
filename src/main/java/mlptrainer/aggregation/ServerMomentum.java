package mlptrainer.aggregation;

/**
 * FedAvgM (Hsu et al. 2019, "Measuring the Effects of Non-Identical Data Distribution"; Flower's
 * {@code FedAvgM}): v = beta v + delta, then w += lr v, with v starting at zero. beta = 0 and
 * lr = 1 is plain federated averaging. Not thread-safe (see {@link ServerOptimizer}).
 */
public final class ServerMomentum implements ServerOptimizer {
    private final double lr;
    private final double beta;
    private double[] velocity;

    /**
     * @param lr   the server learning rate, > 0
     * @param beta the server momentum, in [0, 1)
     */
    public ServerMomentum(double lr, double beta) {
        this.lr = ServerState.positive("server_lr", lr);
        this.beta = ServerState.decay("server_momentum", beta);
    }

    @Override
    public void stepInPlace(double[] weights, double[] delta) {
        velocity = ServerState.checked(velocity, weights, delta, 0);
        // index order; each coordinate is independent
        for (int i = 0; i < weights.length; i++) {
            velocity[i] = beta * velocity[i] + delta[i];
            weights[i] += lr * velocity[i];
        }
    }
}
