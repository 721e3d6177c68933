package mlptrainer.model;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Training options beyond the course algorithm, as carried on the wire: a map from names to string
 * values. The empty map is the course algorithm, bit for bit. Immutable and thread-safe.
 *
 * <p>Names (see {@link #KNOWN}):
 * <ul>
 *   <li>{@code optimizer} = gd (default, the course) | sgd | momentum | adam;</li>
 *   <li>{@code batch_size} (mini-batch optimisers only; default 32): rows per step, the last batch
 *       of an epoch may be smaller; rows are shuffled each epoch from the task's shuffle seed;</li>
 *   <li>{@code momentum} (optimizer=momentum only; default 0.9), {@code adam_beta1} (0.9),
 *       {@code adam_beta2} (0.999), {@code adam_epsilon} (1e-8) (optimizer=adam only);</li>
 *   <li>{@code weight_decay} (mini-batch optimisers only; default 0): decoupled as in AdamW,
 *       w -= lr * decay * w, on every weight except the bias rows;</li>
 *   <li>{@code early_stop} = true | false: the course's |dloss| &lt;= 0.2 rule; default true for gd,
 *       and only gd supports it;</li>
 *   <li>{@code init} = uniform (default) | he | xavier, used by the coordinator;</li>
 *   <li>{@code schedule} = constant (default) | step | cosine, with {@code step_every} (10),
 *       {@code step_gamma} (0.5) for step, {@code min_lr_fraction} (0) for cosine and
 *       {@code warmup_rounds} (0) for any; used by the coordinator;</li>
 *   <li>{@code standardize} = false (default) | true: the coordinator computes the statistics
 *       over all training shards and the node applies them before training;</li>
 *   <li>{@code mu} (default 0) in [0, 1e6]: FedProx's proximal term mu/2 ||w - w_start||^2 added to
 *       the loss the local optimiser descends (the shard's summed loss for gd, the batch's mean loss
 *       for the mini-batch optimisers), w_start the task's initial weights; 0 is no term, bit for
 *       bit. The coordinator sends it only for its {@code fedprox} strategy.</li>
 *   <li>{@code label_smoothing} (mini-batch optimisers only; default 0) in [0, 1): the gradient
 *       descends the cross-entropy against targets (1 - s) onehot(label) + s / k instead of
 *       onehot(label); 0 is no smoothing, bit for bit. The loss a task reports stays the course
 *       loss of the true labels.</li>
 *   <li>{@code input_noise} (mini-batch optimisers only; default 0) in [0, 10]: every input of every
 *       row a step trains on gets fresh uniform noise of this standard deviation (in the units the
 *       node trains in: standard deviations when inputs are standardised), drawn from the task's
 *       shuffle seed; 0 is no noise, bit for bit. The final evaluation sees the rows unchanged.</li>
 *   <li>{@code dropout} (mini-batch optimisers only; default 0) in [0, 1): each step drops every
 *       hidden unit with this probability for the whole batch and scales the kept ones by 1 / (1 - p)
 *       (batch-wise inverted dropout, {@link HiddenDropout}), the mask drawn from the task's shuffle
 *       seed; 0 is no dropout, bit for bit. The final evaluation and the trained model use every unit.</li>
 * </ul>
 * A name that is unknown, or one that the chosen optimiser or schedule would ignore, is refused:
 * a setting is never ignored silently.
 */
public final class TrainingSettings {
    public static final String OPTIMIZER = "optimizer";
    public static final String BATCH_SIZE = "batch_size";
    public static final String MOMENTUM = "momentum";
    public static final String ADAM_BETA1 = "adam_beta1";
    public static final String ADAM_BETA2 = "adam_beta2";
    public static final String ADAM_EPSILON = "adam_epsilon";
    public static final String WEIGHT_DECAY = "weight_decay";
    public static final String EARLY_STOP = "early_stop";
    public static final String INIT = "init";
    public static final String SCHEDULE = "schedule";
    public static final String STEP_EVERY = "step_every";
    public static final String STEP_GAMMA = "step_gamma";
    public static final String MIN_LR_FRACTION = "min_lr_fraction";
    public static final String WARMUP_ROUNDS = "warmup_rounds";
    public static final String STANDARDIZE = "standardize";
    public static final String MU = "mu";
    public static final String LABEL_SMOOTHING = "label_smoothing";
    public static final String INPUT_NOISE = "input_noise";
    public static final String DROPOUT = "dropout";
    /** The largest mu accepted: far beyond any useful proximal weight, it keeps mu x eta products finite. */
    public static final double MAX_MU = 1e6;

    /** Every setting name this version understands. */
    public static final Set<String> KNOWN = Collections.unmodifiableSet(new TreeSet<>(Set.of(OPTIMIZER, BATCH_SIZE,
            MOMENTUM, ADAM_BETA1, ADAM_BETA2, ADAM_EPSILON, WEIGHT_DECAY, EARLY_STOP, INIT, SCHEDULE, STEP_EVERY,
            STEP_GAMMA, MIN_LR_FRACTION, WARMUP_ROUNDS, STANDARDIZE, MU, LABEL_SMOOTHING, INPUT_NOISE, DROPOUT)));

    /** The course algorithm. */
    public static final TrainingSettings COURSE = parse(Map.of());

    private final Map<String, String> given;
    private final Optimizer optimizer;
    private final int batchSize;
    private final double momentum;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double weightDecay;
    private final boolean earlyStop;
    private final Initializer init;
    private final LearningRateSchedule schedule;
    private final boolean standardize;
    private final double mu;
    private final double labelSmoothing;
    private final double inputNoise;
    private final double dropout;

    private TrainingSettings(Map<String, String> given) {
        this.given = Collections.unmodifiableMap(new TreeMap<>(given));
        Values in = new Values(this.given);
        optimizer = in.choice(OPTIMIZER, Optimizer.class, Optimizer.GD);
        boolean miniBatch = optimizer != Optimizer.GD;
        in.onlyWith(miniBatch, "optimizer sgd, momentum or adam", BATCH_SIZE, WEIGHT_DECAY, LABEL_SMOOTHING,
                INPUT_NOISE, DROPOUT);
        in.onlyWith(optimizer == Optimizer.MOMENTUM, "optimizer momentum", MOMENTUM);
        in.onlyWith(optimizer == Optimizer.ADAM, "optimizer adam", ADAM_BETA1, ADAM_BETA2, ADAM_EPSILON);
        batchSize = in.integer(BATCH_SIZE, 32, 1, Integer.MAX_VALUE);
        momentum = in.real(MOMENTUM, 0.9, 0, 1, false);
        beta1 = in.real(ADAM_BETA1, 0.9, 0, 1, false);
        beta2 = in.real(ADAM_BETA2, 0.999, 0, 1, false);
        epsilon = in.positive(ADAM_EPSILON, 1e-8);
        weightDecay = in.real(WEIGHT_DECAY, 0, 0, Double.MAX_VALUE, true);
        earlyStop = in.bool(EARLY_STOP, !miniBatch);
        if (earlyStop && miniBatch) {
            throw new IllegalArgumentException("early_stop=true needs optimizer gd (the course rule), not "
                    + optimizer.wireName());
        }
        init = in.choice(INIT, Initializer.class, Initializer.UNIFORM);
        LearningRateSchedule.Kind kind = in.choice(SCHEDULE, LearningRateSchedule.Kind.class,
                LearningRateSchedule.Kind.CONSTANT);
        in.onlyWith(kind == LearningRateSchedule.Kind.STEP, "schedule step", STEP_EVERY, STEP_GAMMA);
        in.onlyWith(kind == LearningRateSchedule.Kind.COSINE, "schedule cosine", MIN_LR_FRACTION);
        schedule = new LearningRateSchedule(kind, in.integer(STEP_EVERY, 10, 1, Integer.MAX_VALUE),
                in.real(STEP_GAMMA, 0.5, 0, 1, true), in.real(MIN_LR_FRACTION, 0, 0, 1, true),
                in.integer(WARMUP_ROUNDS, 0, 0, Integer.MAX_VALUE));
        standardize = in.bool(STANDARDIZE, false);
        mu = in.real(MU, 0, 0, MAX_MU, true);
        labelSmoothing = in.real(LABEL_SMOOTHING, 0, 0, 1, false);
        inputNoise = in.real(INPUT_NOISE, 0, 0, 10, true);
        dropout = in.real(DROPOUT, 0, 0, 1, false);
    }

    /**
     * @param settings names to values as on the wire; null means none
     * @throws IllegalArgumentException naming every unknown name, or the first bad key and value
     */
    public static TrainingSettings parse(Map<String, String> settings) {
        Map<String, String> given = settings == null ? Map.of() : settings;
        TreeSet<String> unknown = new TreeSet<>(given.keySet());
        unknown.removeAll(KNOWN);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown training settings " + unknown + "; known: " + KNOWN);
        }
        return new TrainingSettings(given);
    }

    /** @return the settings exactly as given (sorted by name), for sending on to a node */
    public Map<String, String> asMap() {
        return given;
    }

    /** @return true for the course algorithm (gd), which trains through {@link CourseTrainer} */
    public boolean isCourse() {
        return optimizer == Optimizer.GD;
    }

    public Optimizer optimizer() {
        return optimizer;
    }

    /** @return rows per mini-batch step (unused by gd, which takes the whole shard) */
    public int batchSize() {
        return batchSize;
    }

    public double momentum() {
        return momentum;
    }

    public double adamBeta1() {
        return beta1;
    }

    public double adamBeta2() {
        return beta2;
    }

    public double adamEpsilon() {
        return epsilon;
    }

    /** @return the decoupled L2 factor (per unit of learning rate), 0 for none */
    public double weightDecay() {
        return weightDecay;
    }

    public boolean earlyStop() {
        return earlyStop;
    }

    /** @return how the coordinator initialises the weights of a new job */
    public Initializer init() {
        return init;
    }

    /** @return the learning rate per round, applied by the coordinator */
    public LearningRateSchedule schedule() {
        return schedule;
    }

    /** @return whether inputs are standardised with statistics over all training shards */
    public boolean standardize() {
        return standardize;
    }

    /** @return the proximal term's weight, 0 for none (FedProx's mu) */
    public double mu() {
        return mu;
    }

    /** @return the label smoothing s in [0, 1): the share of each target spread evenly over the k classes */
    public double labelSmoothing() {
        return labelSmoothing;
    }

    /** @return the standard deviation of the uniform noise added to training inputs, 0 for none */
    public double inputNoise() {
        return inputNoise;
    }

    /** @return the probability that a step drops a hidden unit, 0 for no dropout */
    public double dropout() {
        return dropout;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrainingSettings other && given.equals(other.given);
    }

    @Override
    public int hashCode() {
        return given.hashCode();
    }

    @Override
    public String toString() {
        return given.isEmpty() ? "course (gd)" : given.toString();
    }

    /**
     * Typed reads of a settings map with messages that name the key and the bad value; the
     * coordinator's strategy settings are read with it too. Immutable when its map is.
     */
    public static final class Values {
        private final Map<String, String> map;

        public Values(Map<String, String> map) {
            this.map = map;
        }

        /** @throws IllegalArgumentException when a key is given although {@code allowed} is false */
        public void onlyWith(boolean allowed, String needs, String... keys) {
            for (String key : keys) {
                if (!allowed && map.containsKey(key)) {
                    throw new IllegalArgumentException(key + "=" + map.get(key) + " needs " + needs
                            + "; it would be ignored here");
                }
            }
        }

        public <E extends Enum<E>> E choice(String key, Class<E> type, E fallback) {
            String value = map.get(key);
            if (value == null) {
                return fallback;
            }
            for (E e : type.getEnumConstants()) {
                if (e.name().toLowerCase(Locale.ROOT).equals(value.trim())) {
                    return e;
                }
            }
            StringBuilder names = new StringBuilder();
            for (E e : type.getEnumConstants()) {
                names.append(names.length() == 0 ? "" : " | ").append(e.name().toLowerCase(Locale.ROOT));
            }
            throw new IllegalArgumentException(key + "=" + value + " is not one of " + names);
        }

        public boolean bool(String key, boolean fallback) {
            String value = map.get(key);
            if (value == null) {
                return fallback;
            }
            switch (value.trim()) {
                case "true":
                    return true;
                case "false":
                    return false;
                default:
                    throw new IllegalArgumentException(key + "=" + value + " is not true or false");
            }
        }

        public int integer(String key, int fallback, int min, int max) {
            String value = map.get(key);
            if (value == null) {
                return fallback;
            }
            try {
                int parsed = Integer.parseInt(value.trim());
                if (parsed >= min && parsed <= max) {
                    return parsed;
                }
            } catch (NumberFormatException e) {
                // falls through to the message below
            }
            throw new IllegalArgumentException(key + "=" + value + " is not an integer in [" + min + ", " + max + "]");
        }

        /** A finite number in [min, max] (max excluded unless maxIncluded). */
        public double real(String key, double fallback, double min, double max, boolean maxIncluded) {
            String value = map.get(key);
            if (value == null) {
                return fallback;
            }
            double parsed = parseDouble(key, value);
            if (parsed >= min && (maxIncluded ? parsed <= max : parsed < max) && Double.isFinite(parsed)) {
                return parsed;
            }
            throw new IllegalArgumentException(key + "=" + value + " is not in [" + min + ", " + max
                    + (maxIncluded ? "]" : ")"));
        }

        public double positive(String key, double fallback) {
            String value = map.get(key);
            if (value == null) {
                return fallback;
            }
            double parsed = parseDouble(key, value);
            if (parsed > 0 && Double.isFinite(parsed)) {
                return parsed;
            }
            throw new IllegalArgumentException(key + "=" + value + " must be a finite number > 0");
        }

        private static double parseDouble(String key, String value) {
            try {
                return Double.parseDouble(value.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + "=" + value + " is not a number", e);
            }
        }
    }
}
