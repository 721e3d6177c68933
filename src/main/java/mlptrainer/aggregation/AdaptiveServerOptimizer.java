package mlptrainer.aggregation;

/**
 * FedAdagrad, FedAdam and FedYogi exactly as Algorithm 2 of Reddi et al., "Adaptive Federated
 * Optimization" (ICLR 2021), with the round's aggregated delta as Delta_t:
 * <pre>
 *   m_t = beta1 m_{t-1} + (1 - beta1) Delta_t                         (m_{-1} = 0)
 *   v_t = v_{t-1} + Delta_t^2                                          FedAdagrad
 *   v_t = v_{t-1} - (1 - beta2) Delta_t^2 sign(v_{t-1} - Delta_t^2)    FedYogi
 *   v_t = beta2 v_{t-1} + (1 - beta2) Delta_t^2                        FedAdam
 *   x_{t+1} = x_t + eta m_t / (sqrt(v_t) + tau)
 * </pre>
 * with v_{-1} = tau^2, the least the paper allows, and no bias correction (Flower's classes start
 * v at zero, and its FedAdam corrects the bias: they differ from this in the first rounds).
 * Per coordinate, in index order. Not thread-safe (see {@link ServerOptimizer}).
 */
public final class AdaptiveServerOptimizer implements ServerOptimizer {
    /** The three second-moment rules of Algorithm 2. */
    public enum Rule {
        ADAGRAD, YOGI, ADAM
    }

    private final Rule rule;
    private final double eta;
    private final double beta1;
    private final double beta2;
    private final double tau;
    private double[] m;
    private double[] v;

    /**
     * @param eta   the server learning rate, > 0
     * @param beta1 in [0, 1)
     * @param beta2 in [0, 1) (unused by ADAGRAD)
     * @param tau   the degree of adaptivity, > 0
     */
    public AdaptiveServerOptimizer(Rule rule, double eta, double beta1, double beta2, double tau) {
        this.rule = rule;
        this.eta = ServerState.positive("server_lr", eta);
        this.beta1 = ServerState.decay("beta1", beta1);
        this.beta2 = ServerState.decay("beta2", beta2);
        this.tau = ServerState.positive("tau", tau);
    }

    @Override
    public void stepInPlace(double[] x, double[] delta) {
        m = ServerState.checked(m, x, delta, 0);
        v = ServerState.checked(v, x, delta, tau * tau);
        for (int i = 0; i < x.length; i++) {
            double d = delta[i];
            m[i] = beta1 * m[i] + (1 - beta1) * d;
            v[i] = secondMoment(v[i], d * d);
            x[i] += eta * m[i] / (Math.sqrt(v[i]) + tau);
        }
    }

    /** v_t from v_{t-1} and Delta_t^2 by this optimiser's rule. */
    private double secondMoment(double previous, double squared) {
        return switch (rule) {
            case ADAGRAD -> previous + squared;
            case YOGI -> previous - (1 - beta2) * squared * Math.signum(previous - squared);
            case ADAM -> beta2 * previous + (1 - beta2) * squared;
        };
    }
}
