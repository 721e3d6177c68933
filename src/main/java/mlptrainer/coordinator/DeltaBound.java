package mlptrainer.coordinator;

import java.util.Locale;
import mlptrainer.data.Dataset;
import mlptrainer.model.FeatureStandardizer;
import mlptrainer.model.MlpWeights;
import mlptrainer.model.Optimizer;
import mlptrainer.model.TrainingSettings;

/**
 * The largest L2 norm that the deltas of an honest task can have, from what the coordinator knows
 * of the task: the shard's rows and largest row norm, the starting weights' norm, eta (after the
 * schedule), epochs and the optimiser. Pure: no I/O, no state; thread-safe.
 *
 * <p>Why it holds. Let U = 1 + |W| + |V| (Frobenius norms) and R the largest norm of a shard row
 * with its leading 1 (so R &gt;= 1). Per row, D = onehot - softmax has |D| &lt;= sqrt 2, so the
 * summed loss's gradient over n rows has |gV| &lt;= sqrt2 n (1 + R|W|) and |gW| &lt;= sqrt2 n R |V|:
 * together at most sqrt2 n R U (a mini-batch's mean gradient: sqrt2 R U). A momentum buffer is at
 * most 1/(1-beta) times the largest gradient; decoupled weight decay moves the weights by at most
 * lr decay U; an Adam step moves each weight by at most lr S / sqrt(1-beta2) with
 * S = sum over j &lt; t of (beta1/sqrt(beta2))^j (from s &gt;= (1-beta2) beta2^j g^2 for each past
 * gradient and (1-beta1)/(1-beta1^t) &lt;= 1), or, for beta2 = 0, by at most the largest gradient
 * over epsilon. So every step obeys U' &lt;= U (1 + a) + b, and after T steps
 * |delta| &lt;= U_T &lt;= (U_0 + b/a)(1 + a)^T. The bound is twice that, for rounding; it is
 * computed in logarithms so that it never overflows. It is astronomically loose for long tasks
 * (the growth it allows is exponential in the steps, as a diverging honest run's can be), so it
 * catches absurd deltas (1e300) and the relative check of {@link DeltaScreen} catches the rest.
 */
final class DeltaBound {
    private static final double LOG_SQRT2 = 0.5 * Math.log(2);
    /** Head room for rounding on the node (softmax sums, standardisation): the bound is doubled. */
    private static final double LOG_MARGIN = Math.log(2);

    private DeltaBound() {
    }

    /**
     * What the bound needs of a shard, computed once when the job loads its data.
     *
     * @param rows       the shard's rows n, &gt;= 1
     * @param maxRowNorm the largest L2 norm of a row as the node trains it (standardised when the
     *                   job standardises) with its leading 1: sqrt(1 + |x|^2), so &gt;= 1; may be
     *                   infinite for absurd data, which makes the bound infinite
     * @param features   the inputs per row d, which input noise of standard deviation s can lengthen
     *                   by at most s sqrt(3 d) (each input moves by at most s sqrt(3))
     */
    record ShardScale(int rows, double maxRowNorm, int features) {
        /** A shard whose rows' length no input noise changes (d taken as 0). */
        ShardScale(int rows, double maxRowNorm) {
            this(rows, maxRowNorm, 0);
        }

        /** @param standardizer the job's standardisation, or null when it has none */
        static ShardScale of(Dataset data, FeatureStandardizer standardizer) {
            int d = data.features();
            double[] x = data.featuresUnsafe();
            double[] mean = standardizer == null ? null : standardizer.mean();
            double[] scale = standardizer == null ? null : standardizer.scale();
            double[] row = new double[d + 1];
            double max = 1;
            for (int i = 0; i < data.rows(); i++) {
                row[0] = 1;
                for (int j = 0; j < d; j++) {
                    double v = x[i * d + j];
                    row[j + 1] = mean == null ? v : (v - mean[j]) / scale[j];
                }
                max = Math.max(max, norm(row, row.length));
            }
            return new ShardScale(Math.max(1, data.rows()), max, d);
        }
    }

    /**
     * What the screen needs of one task, as natural logarithms.
     *
     * @param logBound the largest L2 norm an honest result's deltas can have ({@link #logBound})
     * @param logScale the task's first-order size, steps times the first step's bound ({@link #logScale}):
     *                 the unit in which results of tasks on shards of different sizes, or rounds of
     *                 different eta, are compared
     */
    record TaskLimits(double logBound, double logScale) {
        /** No bound, and a scale of 1: what a task carries when nothing is known of it. */
        static final TaskLimits NONE = new TaskLimits(Double.POSITIVE_INFINITY, 0);
    }

    /** One step of the growth U' = U (1 + a) + b, and how many a task takes, as logarithms but the count. */
    private record Steps(double count, double logA, double logB, double logFirstB) {
    }

    /** @return log(1 + |W| + |V|): the starting size U_0 of the bound, once per round */
    static double logStartSize(MlpWeights weights) {
        return Math.log(1 + norm(weights.w(), weights.w().length) + norm(weights.v(), weights.v().length));
    }

    /**
     * @param shard         the task's shard
     * @param settings      the job's training settings (the optimiser and its parameters)
     * @param eta           the task's learning rate, after the schedule; &gt; 0
     * @param epochs        the most epochs the task may run, &gt;= 1
     * @param logStartSize  {@link #logStartSize} of the task's starting weights
     * @param parameters    the number of weights, (d+1)h + (h+1)k
     * @return the natural logarithm of the largest L2 norm an honest task's deltas can have
     *         (possibly +Infinity, never NaN)
     */
    static double logBound(ShardScale shard, TrainingSettings settings, double eta, int epochs,
            double logStartSize, long parameters) {
        Steps s = steps(shard, settings, eta, epochs, parameters);
        return LOG_MARGIN + logGrowth(logStartSize, s.logA(), s.logB(), s.count());
    }

    /**
     * The task's first-order size: its steps times the bound on its first step, log(T (a U_0 + b_1)),
     * where b_1 = lr sqrt(P) for Adam (its first step moves each weight by at most lr). Proportional
     * to the shard's rows (gd sums the gradient over them; mini-batch optimisers take more steps)
     * and to eta, so results divided by it compare across shards and rounds.
     */
    static double logScale(ShardScale shard, TrainingSettings settings, double eta, int epochs,
            double logStartSize, long parameters) {
        Steps s = steps(shard, settings, eta, epochs, parameters);
        return Math.log(s.count()) + logAdd(s.logA() + logStartSize, s.logFirstB());
    }

    /** @return both for the screen */
    static TaskLimits limits(ShardScale shard, TrainingSettings settings, double eta, int epochs,
            double logStartSize, long parameters) {
        return new TaskLimits(logBound(shard, settings, eta, epochs, logStartSize, parameters),
                logScale(shard, settings, eta, epochs, logStartSize, parameters));
    }

    private static Steps steps(ShardScale shard, TrainingSettings settings, double eta, int epochs,
            long parameters) {
        // noisy inputs lie within s sqrt(3 d) of the row; no noise leaves the norm as it is, bit for bit
        // dropout runs a step with the kept units' outgoing weights times 1/(1-p): the gradient grows by as much
        double logR = Math.log(shard.maxRowNorm() + settings.inputNoise() * Math.sqrt(3.0 * shard.features()))
                - Math.log1p(-settings.dropout());
        double logEta = Math.log(eta);
        double logDecay = Math.log(settings.weightDecay()); // -Infinity for none
        double none = Double.NEGATIVE_INFINITY;
        return switch (settings.optimizer()) {
            case GD -> new Steps(epochs, logEta + LOG_SQRT2 + Math.log(shard.rows()) + logR, none, none);
            case SGD, MOMENTUM -> {
                double beta = settings.optimizer() == Optimizer.MOMENTUM ? settings.momentum() : 0;
                yield new Steps(miniBatchSteps(shard, settings, epochs),
                        logEta + logAdd(LOG_SQRT2 + logR - Math.log1p(-beta), logDecay), none, none);
            }
            case ADAM -> adamSteps(settings, miniBatchSteps(shard, settings, epochs), logEta, logR, logDecay,
                    parameters);
        };
    }

    /** Adam's steps are bounded whatever the gradient, unless beta2 is 0: then only epsilon bounds them. */
    private static Steps adamSteps(TrainingSettings settings, double steps, double logEta, double logR,
            double logDecay, long parameters) {
        if (settings.adamBeta2() > 0) {
            double logFirstB = logEta + 0.5 * Math.log(parameters);
            return new Steps(steps, logEta + logDecay, logFirstB + logAdamRatio(settings, steps), logFirstB);
        }
        double logA = logEta + logAdd(LOG_SQRT2 + logR - Math.log(settings.adamEpsilon()), logDecay);
        return new Steps(steps, logA, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY);
    }

    /** @return log U_T for U' = U (1 + a) + b from U_0, all given as logarithms (a or b may be log 0) */
    static double logGrowth(double logU0, double logA, double logB, double steps) {
        if (logA == Double.NEGATIVE_INFINITY) {
            return logAdd(logU0, Math.log(steps) + logB); // U_0 + T b
        }
        return logAdd(logU0, logB - logA) + steps * log1pExp(logA);
    }

    /** @return log of the bound on one Adam step per weight, over lr: S / sqrt(1 - beta2) */
    private static double logAdamRatio(TrainingSettings s, double steps) {
        double rho = s.adamBeta1() / Math.sqrt(s.adamBeta2());
        double logSum;
        if (rho < 1) {
            logSum = Math.min(Math.log(steps), -Math.log1p(-rho));
        } else {
            logSum = Math.log(steps) + (steps - 1) * Math.log(rho);
        }
        return logSum - 0.5 * Math.log1p(-s.adamBeta2());
    }

    private static double miniBatchSteps(ShardScale shard, TrainingSettings settings, int epochs) {
        int batch = Math.max(1, Math.min(settings.batchSize(), shard.rows()));
        return (double) epochs * ((shard.rows() + batch - 1) / batch);
    }

    /** @return log(e^x + e^y), exact for infinities */
    static double logAdd(double x, double y) {
        double hi = Math.max(x, y);
        double lo = Math.min(x, y);
        if (hi == Double.NEGATIVE_INFINITY || hi == Double.POSITIVE_INFINITY) {
            return hi;
        }
        return hi + Math.log1p(Math.exp(lo - hi));
    }

    /** @return log(1 + e^x) without overflow */
    static double log1pExp(double x) {
        return x > 30 ? x + Math.exp(-x) : Math.log1p(Math.exp(x));
    }

    /** @return the L2 norm of the deltas (W and V together), scaled so that it never overflows needlessly */
    static double norm(MlpWeights deltas) {
        double w = norm(deltas.w(), deltas.w().length);
        double v = norm(deltas.v(), deltas.v().length);
        return Math.hypot(w, v);
    }

    /** @return the L2 norm of values[0..n), divided by the largest magnitude first so that squares cannot overflow */
    static double norm(double[] values, int n) {
        double max = 0;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, Math.abs(values[i]));
        }
        if (max == 0 || !Double.isFinite(max)) {
            return max;
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double s = values[i] / max;
            sum += s * s;
        }
        return max * Math.sqrt(sum);
    }

    /** @return e^logValue for a message, as "4.2e9" or "3.1e1234" even where a double would overflow */
    static String format(double logValue) {
        if (Double.isNaN(logValue) || Double.isInfinite(logValue)) {
            return logValue == Double.NEGATIVE_INFINITY ? "0" : "infinite";
        }
        double log10 = logValue / Math.log(10);
        long exponent = (long) Math.floor(log10);
        double mantissa = Math.pow(10, log10 - exponent);
        if (mantissa >= 9.95) {
            mantissa = 1;
            exponent++;
        }
        return String.format(Locale.ROOT, "%.1fe%d", mantissa, exponent);
    }
}
