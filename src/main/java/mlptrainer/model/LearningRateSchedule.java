package mlptrainer.model;

import java.util.Locale;

/**
 * The learning rate of each round of a job, from the job's base rate. Immutable and thread-safe;
 * the coordinator calls {@link #rate} once per round and sends the result as the task's eta.
 *
 * <ul>
 *   <li>constant: baseEta in every round;</li>
 *   <li>step: baseEta * gamma^floor(round / every);</li>
 *   <li>cosine: from baseEta down to baseEta * minFraction along half a cosine over the rounds
 *       after the warm-up: min + (base - min) (1 + cos(pi t)) / 2, t = (round - warmup) / (rounds - warmup).</li>
 * </ul>
 * Any kind may start with a linear warm-up over {@code warmupRounds}: round r &lt; warmup gets
 * the rate the schedule would give at the end of the warm-up times (r + 1) / warmup.
 */
public final class LearningRateSchedule {
    /** The shapes a schedule can take; wire names are the lower-case names. */
    public enum Kind { CONSTANT, STEP, COSINE }

    private final Kind kind;
    private final int stepEvery;
    private final double stepGamma;
    private final double minFraction;
    private final int warmupRounds;

    /**
     * @throws IllegalArgumentException when stepEvery &lt; 1, stepGamma not in (0, 1], minFraction
     *                                  not in [0, 1] or warmupRounds &lt; 0
     */
    public LearningRateSchedule(Kind kind, int stepEvery, double stepGamma, double minFraction, int warmupRounds) {
        if (stepEvery < 1) {
            throw new IllegalArgumentException("step_every must be >= 1, got " + stepEvery);
        }
        if (!(stepGamma > 0 && stepGamma <= 1)) {
            throw new IllegalArgumentException("step_gamma must be in (0, 1], got " + stepGamma);
        }
        if (!(minFraction >= 0 && minFraction <= 1)) {
            throw new IllegalArgumentException("min_lr_fraction must be in [0, 1], got " + minFraction);
        }
        if (warmupRounds < 0) {
            throw new IllegalArgumentException("warmup_rounds must be >= 0, got " + warmupRounds);
        }
        this.kind = kind;
        this.stepEvery = stepEvery;
        this.stepGamma = stepGamma;
        this.minFraction = minFraction;
        this.warmupRounds = warmupRounds;
    }

    /** The course's schedule: the same rate every round. */
    public static LearningRateSchedule constant() {
        return new LearningRateSchedule(Kind.CONSTANT, 1, 1.0, 0.0, 0);
    }

    public Kind kind() {
        return kind;
    }

    /**
     * @param baseEta the job's learning rate
     * @param round   the round, counted from 0
     * @param rounds  the job's number of rounds, >= 1
     * @return the learning rate for that round
     * @throws IllegalArgumentException when round is not in [0, rounds)
     */
    public double rate(double baseEta, int round, int rounds) {
        if (rounds < 1 || round < 0 || round >= rounds) {
            throw new IllegalArgumentException("round must be in [0, " + rounds + "), got " + round);
        }
        int warmup = Math.min(warmupRounds, rounds - 1);
        if (round < warmup) {
            return shaped(baseEta, warmup, rounds, warmup) * (round + 1) / warmup;
        }
        return shaped(baseEta, round, rounds, warmup);
    }

    private double shaped(double baseEta, int round, int rounds, int warmup) {
        switch (kind) {
            case STEP:
                return baseEta * Math.pow(stepGamma, Math.floorDiv(round, stepEvery));
            case COSINE:
                double t = (double) (round - warmup) / (rounds - warmup);
                double min = baseEta * minFraction;
                return min + (baseEta - min) * 0.5 * (1 + Math.cos(Math.PI * t));
            default:
                return baseEta;
        }
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(Locale.ROOT) + "(every=" + stepEvery + ", gamma=" + stepGamma
                + ", min=" + minFraction + ", warmup=" + warmupRounds + ")";
    }
}
