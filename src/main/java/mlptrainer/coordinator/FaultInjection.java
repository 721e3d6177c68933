package mlptrainer.coordinator;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import mlptrainer.Untrusted;

/**
 * Fault injection for experiments with robust strategies: a job's settings name shards whose results
 * lie, sign-flipped or scaled, as a malicious participant's would, without a rogue program. Off unless the
 * job asks for it, and refused unless the coordinator was started with {@code --allow-fault-injection}.
 *
 * <p>Settings (they stay on the coordinator: {@link #withoutInjection} removes them from what nodes get):
 * <ul>
 * <li>{@code inject} = {@code sign_flip} (deltas times -1) | {@code scale} (deltas times {@code inject_scale});</li>
 * <li>{@code inject_shards} = 1-based shard numbers, comma-separated (default 1), or {@code inject_fraction}
 *     = f in (0, 1]: the first ceil(f x shards) shards;</li>
 * <li>{@code inject_scale} = a finite factor other than 0 (scale only; default 10).</li>
 * </ul>
 *
 * <p>A lying shard is a participant that lies, not a node: every accepted result of that shard's task is
 * changed, whichever node ran it and however often the task was retried or backed up, so the run is as
 * deterministic as an honest one. The change is made as each result arrives, before the delta screen
 * ({@link RoundRunner}), which sees exactly what a lying node would have sent. Immutable; thread-safe.
 */
final class FaultInjection {
    static final String INJECT = "inject";
    static final String SHARDS = "inject_shards";
    static final String FRACTION = "inject_fraction";
    static final String SCALE = "inject_scale";
    /** Every setting name of fault injection. */
    static final Set<String> KEYS = Set.of(INJECT, SHARDS, FRACTION, SCALE);
    static final double DEFAULT_SCALE = 10;
    /** Injects nothing. */
    static final FaultInjection NONE = new FaultInjection(1, Set.of());

    private final double factor;
    private final Set<Integer> lyingShards;

    private FaultInjection(double factor, Set<Integer> lyingShards) {
        this.factor = factor;
        this.lyingShards = Set.copyOf(lyingShards);
    }

    /** @return whether the settings ask for any fault injection */
    static boolean requested(Map<String, String> settings) {
        return settings.keySet().stream().anyMatch(KEYS::contains);
    }

    /**
     * @throws IllegalArgumentException when the settings ask for fault injection and the coordinator does not
     *                                  allow it
     */
    static void refuseUnlessAllowed(Map<String, String> settings, boolean allowed) {
        if (requested(settings) && !allowed) {
            throw new IllegalArgumentException("fault injection (" + INJECT + "=" + Untrusted.shown(
                    String.valueOf(settings.get(INJECT))) + ") is refused: this coordinator was not started with "
                    + "--allow-fault-injection");
        }
    }

    /** @return the settings without fault injection's: what the training settings and the nodes get */
    static Map<String, String> withoutInjection(Map<String, String> settings) {
        Map<String, String> rest = new TreeMap<>(settings);
        rest.keySet().removeAll(KEYS);
        return rest;
    }

    /**
     * @param settings the job's settings
     * @param shards   the job's number of shards
     * @return the injection they ask for, {@link #NONE} when none
     * @throws IllegalArgumentException naming the first bad setting
     */
    static FaultInjection of(Map<String, String> settings, int shards) {
        if (!requested(settings)) {
            return NONE;
        }
        String kind = settings.get(INJECT);
        if (kind == null) {
            throw new IllegalArgumentException(keysGiven(settings) + " need " + INJECT + "=sign_flip or scale");
        }
        double factor = switch (kind.trim()) {
            case "sign_flip" -> {
                refuse(settings.containsKey(SCALE), SCALE + " is for " + INJECT + "=scale, not sign_flip");
                yield -1.0;
            }
            case "scale" -> scale(settings.get(SCALE));
            default -> throw new IllegalArgumentException(INJECT + "=" + Untrusted.shown(kind)
                    + " is not one of sign_flip | scale");
        };
        return new FaultInjection(factor, lyingShards(settings, shards));
    }

    private static double scale(String value) {
        if (value == null) {
            return DEFAULT_SCALE;
        }
        try {
            double s = Double.parseDouble(value.trim());
            if (Double.isFinite(s) && s != 0) {
                return s;
            }
        } catch (NumberFormatException e) {
            // refused below with the value
        }
        throw new IllegalArgumentException(SCALE + "=" + Untrusted.shown(value) + " is not a finite number other "
                + "than 0");
    }

    private static Set<Integer> lyingShards(Map<String, String> settings, int shards) {
        String list = settings.get(SHARDS);
        String fraction = settings.get(FRACTION);
        refuse(list != null && fraction != null, "give " + SHARDS + " or " + FRACTION + ", not both");
        if (fraction != null) {
            return firstShards(fraction, shards);
        }
        Set<Integer> out = new TreeSet<>();
        for (String item : (list == null ? "1" : list).split(",", -1)) {
            int n = shardNumber(item, list, shards);
            out.add(n - 1);
        }
        return out;
    }

    private static int shardNumber(String item, String list, int shards) {
        try {
            int n = Integer.parseInt(item.trim());
            if (n >= 1 && n <= shards) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below with the list
        }
        throw new IllegalArgumentException(SHARDS + "=" + Untrusted.shown(list) + " must be shard numbers 1.."
                + shards + ", comma-separated");
    }

    private static Set<Integer> firstShards(String fraction, int shards) {
        double f;
        try {
            f = Double.parseDouble(fraction.trim());
        } catch (NumberFormatException e) {
            f = Double.NaN;
        }
        refuse(!(f > 0 && f <= 1), FRACTION + "=" + Untrusted.shown(fraction) + " is not a number in (0, 1]");
        int count = (int) Math.ceil(f * shards);
        Set<Integer> out = new TreeSet<>();
        for (int s = 0; s < Math.min(count, shards); s++) {
            out.add(s);
        }
        return out;
    }

    private static void refuse(boolean bad, String message) {
        if (bad) {
            throw new IllegalArgumentException(message);
        }
    }

    private static String keysGiven(Map<String, String> settings) {
        return new TreeSet<>(settings.keySet()).stream().filter(KEYS::contains).toList().toString();
    }

    /** @return whether results of this shard (0-based) lie */
    boolean lies(int shard) {
        return lyingShards.contains(shard);
    }

    /**
     * @param shard  the result's shard (0-based)
     * @param result an attempt's result; not changed
     * @return the result as the lying participant would send it: an accepted result of a lying shard with
     *         its deltas times the factor (a new copy), anything else as it is
     */
    AttemptResult apply(int shard, AttemptResult result) {
        if (result.kind() != AttemptResult.Kind.ACCEPTED || !lies(shard)) {
            return result;
        }
        var deltas = result.deltas().copy();
        deltas.scaleInPlace(factor);
        return AttemptResult.accepted(deltas, result.trainingError(), result.epochsRun(), result.busyMs());
    }

    @Override
    public String toString() {
        if (lyingShards.isEmpty()) {
            return "no fault injection";
        }
        StringBuilder shards = new StringBuilder();
        lyingShards.stream().sorted().forEach(s -> shards.append(shards.length() == 0 ? "" : ",").append(s + 1));
        return "shards " + shards + " send their deltas times " + factor;
    }
}
