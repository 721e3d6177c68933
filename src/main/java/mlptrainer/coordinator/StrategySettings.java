package mlptrainer.coordinator;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import mlptrainer.aggregation.Krum;
import mlptrainer.aggregation.ShardSampler;
import mlptrainer.aggregation.TrimmedMean;
import mlptrainer.model.Optimizer;
import mlptrainer.model.TrainingSettings;

/**
 * A job's aggregation strategy and its parameters (docs/strategies.md), read from the request's
 * settings and checked once, when the job starts: an unknown strategy, a bad or out-of-range
 * value, or a parameter the chosen strategy would ignore is refused with a one-line
 * {@link IllegalArgumentException}. Every strategy setting but {@code mu} stays on the coordinator:
 * {@link #nodeSettings()} is what nodes are sent. No strategy setting is {@link Name#MEAN} with
 * every shard each round, the course algorithm. Immutable.
 */
final class StrategySettings {
    static final String STRATEGY = "strategy";
    static final String FRACTION = "fraction";
    static final String SAMPLE_SEED = "sample_seed";
    static final String SERVER_LR = "server_lr";
    static final String SERVER_MOMENTUM = "server_momentum";
    static final String BETA1 = "beta1";
    static final String BETA2 = "beta2";
    static final String TAU = "tau";
    static final String TRIM = "trim";
    static final String KRUM_F = "krum_f";
    static final String KRUM_M = "krum_m";
    static final String EMA = "ema";
    /** The settings only the coordinator reads; they are never sent to nodes. */
    static final Set<String> COORDINATOR_ONLY = Collections.unmodifiableSet(new TreeSet<>(Set.of(STRATEGY, FRACTION,
            SAMPLE_SEED, SERVER_LR, SERVER_MOMENTUM, BETA1, BETA2, TAU, TRIM, KRUM_F, KRUM_M, EMA)));

    /** The strategies, by their setting value (the lower-case name). */
    enum Name {
        MEAN, FEDAVG, FEDPROX, FEDAVGM, FEDADAM, FEDYOGI, FEDADAGRAD, MEDIAN, TRIMMED_MEAN, KRUM, MULTI_KRUM;

        String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** @return whether it keeps state between rounds (a server optimiser's) */
        boolean keepsServerState() {
            return this == FEDAVGM || this == FEDADAM || this == FEDYOGI || this == FEDADAGRAD;
        }
    }

    private final Name name;
    private final double fraction;
    private final long sampleSeed;
    private final double mu;
    private final double serverLr;
    private final double serverMomentum;
    private final double beta1;
    private final double beta2;
    private final double tau;
    private final double trim;
    private final int krumF;
    private final int krumM; // 0: n - f
    private final double ema; // 0: none
    private final Map<String, String> nodeSettings;

    private StrategySettings(Map<String, String> given) {
        TrainingSettings.Values in = new TrainingSettings.Values(given);
        name = in.choice(STRATEGY, Name.class, Name.MEAN);
        checkApplies(in);
        fraction = in.real(FRACTION, 1, 0, 1, true);
        if (fraction == 0) {
            throw new IllegalArgumentException("fraction=" + given.get(FRACTION) + " is not in (0, 1]");
        }
        in.onlyWith(fraction < 1, "fraction < 1", SAMPLE_SEED);
        sampleSeed = in.integer(SAMPLE_SEED, 0, Integer.MIN_VALUE, Integer.MAX_VALUE);
        mu = in.real(TrainingSettings.MU, 0.01, 0, TrainingSettings.MAX_MU, true);
        // defaults measured on letters/ with the accurate recipe (docs/strategies.md); fedavgm's make
        // server_lr / (1 - server_momentum) = 1, FedAvg's step in the long run
        serverLr = in.positive(SERVER_LR, name == Name.FEDAVGM ? 0.5 : 0.1);
        serverMomentum = in.real(SERVER_MOMENTUM, 0.5, 0, 1, false);
        beta1 = in.real(BETA1, name == Name.FEDADAGRAD ? 0 : 0.9, 0, 1, false);
        beta2 = in.real(BETA2, 0.99, 0, 1, false);
        tau = in.positive(TAU, 1e-3);
        trim = in.real(TRIM, 0.1, 0, 0.5, true);
        krumF = in.integer(KRUM_F, 1, 0, Integer.MAX_VALUE);
        krumM = in.integer(KRUM_M, 0, 1, Integer.MAX_VALUE);
        ema = in.real(EMA, 0, 0, 1, false);
        nodeSettings = nodeSettings(given);
    }

    /** Refuses a parameter that the chosen strategy would ignore. */
    private void checkApplies(TrainingSettings.Values in) {
        String needs = "strategy ";
        in.onlyWith(name == Name.FEDPROX, needs + "fedprox", TrainingSettings.MU);
        in.onlyWith(name.keepsServerState(), needs + "fedavgm, fedadam, fedyogi or fedadagrad", SERVER_LR);
        in.onlyWith(name == Name.FEDAVGM, needs + "fedavgm", SERVER_MOMENTUM);
        in.onlyWith(name == Name.FEDADAM || name == Name.FEDYOGI || name == Name.FEDADAGRAD,
                needs + "fedadam, fedyogi or fedadagrad", BETA1, TAU);
        in.onlyWith(name == Name.FEDADAM || name == Name.FEDYOGI, needs + "fedadam or fedyogi", BETA2);
        in.onlyWith(name == Name.TRIMMED_MEAN, needs + "trimmed_mean", TRIM);
        in.onlyWith(name == Name.KRUM || name == Name.MULTI_KRUM, needs + "krum or multi_krum", KRUM_F);
        in.onlyWith(name == Name.MULTI_KRUM, needs + "multi_krum", KRUM_M);
    }

    /** The request's settings without the coordinator's, plus fedprox's mu (also when left at its default). */
    private Map<String, String> nodeSettings(Map<String, String> given) {
        Map<String, String> out = new TreeMap<>(given);
        out.keySet().removeAll(COORDINATOR_ONLY);
        if (name == Name.FEDPROX) {
            out.put(TrainingSettings.MU, Double.toString(mu));
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * @param settings the request's settings (strategy and training settings alike); null means none
     * @throws IllegalArgumentException naming the first bad strategy setting
     */
    static StrategySettings parse(Map<String, String> settings) {
        return new StrategySettings(settings == null ? Map.of() : settings);
    }

    /**
     * The checks that need the job's data and training settings; refuses them with one line.
     *
     * @param shards   the job's shard count
     * @param training the job's training settings as nodes get them
     * @param eta      the request's learning rate
     * @param resume   whether the request asks to continue from a checkpoint
     */
    void checkFits(int shards, TrainingSettings training, double eta, boolean resume) {
        int n = sampler(shards).perRound();
        String perRound = n + " of " + shards + " shards per round";
        if (name == Name.TRIMMED_MEAN) {
            prefixed(perRound, () -> TrimmedMean.cutPerEnd(n, trim));
        }
        if (name == Name.KRUM || name == Name.MULTI_KRUM) {
            prefixed(perRound, () -> Krum.checkEnough(n, krumF));
            if (krumM > n - krumF) {
                throw new IllegalArgumentException("krum_m=" + krumM + " is more than n - krum_f = " + (n - krumF)
                        + " (" + perRound + ")");
            }
        }
        if (name == Name.FEDPROX && training.optimizer() != Optimizer.ADAM && mu * eta > 1) {
            throw new IllegalArgumentException("mu x eta must be <= 1 for optimizer " + training.optimizer().wireName()
                    + ", got " + mu + " x " + eta + ": larger steps overshoot the proximal term and diverge");
        }
        if (resume && name.keepsServerState()) {
            throw new IllegalArgumentException("--resume is refused for strategy " + name.wireName()
                    + ": its server state (momentum, moments) is not in checkpoints, so a resumed job would not "
                    + "reach the same model; start it afresh");
        }
        if (resume && ema > 0) {
            throw new IllegalArgumentException("--resume is refused with ema: the average of the rounds' models is "
                    + "not in checkpoints, so a resumed job would not reach the same model; start it afresh");
        }
    }

    private static void prefixed(String context, Runnable check) {
        try {
            check.run();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + " (" + context + ")", e);
        }
    }

    /**
     * For the memory admission, which runs before the settings are checked: the model copies a
     * strategy keeps between rounds (fedavgm's velocity; the adaptive optimisers' two moments; the
     * ema average and its published copy), 0 for an unknown name (refused later).
     */
    static int serverStateCopies(Map<String, String> settings) {
        // ema: the average, and the published copy of it beside the raw model
        int average = settings.containsKey(EMA) ? 2 : 0;
        String value = settings.getOrDefault(STRATEGY, "").trim();
        if (value.equals(Name.FEDAVGM.wireName())) {
            return 1 + average;
        }
        boolean adaptive = value.equals(Name.FEDADAM.wireName()) || value.equals(Name.FEDYOGI.wireName())
                || value.equals(Name.FEDADAGRAD.wireName());
        return (adaptive ? 2 : 0) + average;
    }

    /** @return whether this is the course algorithm: the mean over every shard each round */
    boolean isCourseMean() {
        return name == Name.MEAN && fraction == 1;
    }

    /** @return the settings sent to nodes: no coordinator-only ones; fedprox's mu always */
    Map<String, String> nodeSettings() {
        return nodeSettings;
    }

    /** @return the shards each round trains, for a job of this many */
    ShardSampler sampler(int shards) {
        return new ShardSampler(shards, fraction, sampleSeed);
    }

    Name name() {
        return name;
    }

    double serverLr() {
        return serverLr;
    }

    double serverMomentum() {
        return serverMomentum;
    }

    double beta1() {
        return beta1;
    }

    double beta2() {
        return beta2;
    }

    double tau() {
        return tau;
    }

    double trim() {
        return trim;
    }

    int krumF() {
        return krumF;
    }

    /** @return the decay of the moving average of the rounds' models that is validated and published, 0 for none */
    double ema() {
        return ema;
    }

    /** @return how many deltas multi_krum averages in a round of n: krum_m, or n - krum_f when not given */
    int krumM(int n) {
        return name == Name.KRUM ? 1 : krumM > 0 ? krumM : n - krumF;
    }

    @Override
    public String toString() {
        return name.wireName() + (fraction < 1 ? ", fraction " + fraction : "") + (ema > 0 ? ", ema " + ema : "");
    }
}
