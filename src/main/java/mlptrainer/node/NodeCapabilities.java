package mlptrainer.node;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import mlptrainer.model.TrainingSettings;

/**
 * What a task may require of its node beyond the training settings. A requirement travels as a
 * task setting ({@code NAME=true}) and a node lists the names it meets with its settings in
 * {@code describe}, so the coordinator's existing check (a task goes only to nodes that list all
 * its settings) keeps every other node from it: nodes of earlier versions do not list it and
 * would refuse it as an unknown setting, the original's nodes cannot be sent settings at all.
 * Stateless and thread-safe.
 */
public final class NodeCapabilities {
    /** The task's shard has features that are not ints (decimals, exponents): the original reads ints only. */
    public static final String REAL_FEATURES = "real_features";
    /** Every requirement this version meets. */
    public static final Set<String> MET = Set.of(REAL_FEATURES);

    private NodeCapabilities() {
    }

    /** @return the setting names a node of this version lists in describe: its settings and its capabilities */
    public static Set<String> advertised() {
        Set<String> names = new TreeSet<>(TrainingSettings.KNOWN);
        names.addAll(MET);
        return names;
    }

    /** @return the task's settings with the requirement added when {@code realFeatures} */
    public static Map<String, String> require(Map<String, String> settings, boolean realFeatures) {
        if (!realFeatures) {
            return settings;
        }
        Map<String, String> out = new HashMap<>(settings);
        out.put(REAL_FEATURES, "true");
        return Map.copyOf(out);
    }

    /**
     * @return the task's settings without the requirements this node meets, for
     *         {@link TrainingSettings#parse}; a requirement with a value other than "true" stays,
     *         so that it is refused as a setting
     */
    public static Map<String, String> trainingSettings(Map<String, String> settings) {
        if (!"true".equals(settings.get(REAL_FEATURES))) {
            return settings;
        }
        Map<String, String> out = new HashMap<>(settings);
        out.remove(REAL_FEATURES);
        return out;
    }
}
