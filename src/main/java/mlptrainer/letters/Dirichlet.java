package mlptrainer.letters;

import java.util.Random;

/**
 * Draws from Gamma and Dirichlet distributions for the non-IID splits.
 *
 * <p>A Dirichlet(a1..an) draw is n independent Gamma(ai, 1) draws divided by their sum. Gamma draws use
 * Marsaglia and Tsang's method ("A simple method for generating gamma variables", ACM TOMS 26(3), 2000)
 * for shapes of at least 1, and for a shape a below 1 the identity Gamma(a) = Gamma(a + 1) U^(1/a) with U
 * uniform in (0, 1]. Small concentrations (alpha 0.1 and below) make most of a draw's Gamma values tiny:
 * U^(1/a) underflows to 0 for a near 0.001, so the draws are kept as logarithms and normalised by the
 * largest, which never gives 0/0.
 *
 * <p>Deterministic: only {@link Random}'s specified algorithms and {@link StrictMath}, so one seed gives
 * the same draws on every JVM, platform and JIT tier. Not thread-safe: one instance per thread.
 */
public final class Dirichlet {
    private final Random random;

    /** @param seed same seed, same sequence of draws */
    public Dirichlet(long seed) {
        this.random = new Random(seed);
    }

    /**
     * @param alpha the concentrations, each finite and &gt; 0; at least one
     * @return proportions p1..pn, each in [0, 1], summing to 1 (to rounding)
     * @throws IllegalArgumentException for a bad concentration
     */
    public double[] sample(double[] alpha) {
        if (alpha.length == 0) {
            throw new IllegalArgumentException("a Dirichlet draw needs at least one concentration");
        }
        double[] logs = new double[alpha.length];
        double largest = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < alpha.length; i++) {
            logs[i] = logGamma(alpha[i]);
            largest = Math.max(largest, logs[i]);
        }
        double sum = 0;
        for (int i = 0; i < logs.length; i++) {
            logs[i] = StrictMath.exp(logs[i] - largest); // the largest becomes exactly 1: sum >= 1
            sum += logs[i];
        }
        for (int i = 0; i < logs.length; i++) {
            logs[i] /= sum;
        }
        return logs;
    }

    /** @return a Gamma(shape, 1) draw; shape finite and &gt; 0 */
    public double gamma(double shape) {
        return StrictMath.exp(logGamma(shape));
    }

    /** @return the natural logarithm of a Gamma(shape, 1) draw, finite */
    double logGamma(double shape) {
        if (!(shape > 0) || !Double.isFinite(shape)) {
            throw new IllegalArgumentException("a Gamma shape must be finite and > 0, got " + shape);
        }
        if (shape >= 1) {
            return StrictMath.log(marsagliaTsang(shape));
        }
        double u = 1.0 - random.nextDouble(); // in (0, 1]: its logarithm is finite
        return StrictMath.log(marsagliaTsang(shape + 1)) + StrictMath.log(u) / shape;
    }

    /** Marsaglia-Tsang's squeeze and rejection, shape &gt;= 1; returns a value &gt; 0. */
    private double marsagliaTsang(double shape) {
        double d = shape - 1.0 / 3.0;
        double c = 1.0 / StrictMath.sqrt(9.0 * d);
        while (true) {
            double x;
            double v;
            do {
                x = random.nextGaussian();
                v = 1.0 + c * x;
            } while (v <= 0);
            v = v * v * v;
            double u = random.nextDouble();
            double x2 = x * x;
            if (u < 1.0 - 0.0331 * x2 * x2) {
                return d * v;
            }
            if (StrictMath.log(u) < 0.5 * x2 + d * (1.0 - v + StrictMath.log(v))) {
                return d * v;
            }
        }
    }
}
