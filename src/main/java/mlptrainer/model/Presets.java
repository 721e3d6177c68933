package mlptrainer.model;

import java.util.Map;
import java.util.TreeMap;

/**
 * Named bundles of training settings, so a recipe is one word on the command line. The bundles
 * are settings only; rounds, epochs, h and eta stay the caller's (README gives the full recipe).
 */
public final class Presets {
    /**
     * Momentum SGD on standardised inputs with He initialisation, a cosine schedule across rounds
     * and a little weight decay: with h 384, 100 rounds of 1 epoch and eta 0.3 it reaches about 3%
     * validation error on the real letters data (docs/benchmarks.md).
     */
    public static final String ACCURATE = "accurate";

    private static final Map<String, Map<String, String>> PRESETS = Map.of(ACCURATE, Map.of(
            TrainingSettings.OPTIMIZER, "momentum",
            TrainingSettings.BATCH_SIZE, "32",
            TrainingSettings.STANDARDIZE, "true",
            TrainingSettings.INIT, "he",
            TrainingSettings.SCHEDULE, "cosine",
            TrainingSettings.WEIGHT_DECAY, "0.0005"));

    private Presets() {
    }

    /**
     * @return the preset's settings (a new mutable map)
     * @throws IllegalArgumentException naming the known presets when there is no such preset
     */
    public static Map<String, String> settings(String name) {
        Map<String, String> preset = PRESETS.get(name);
        if (preset == null) {
            throw new IllegalArgumentException("no preset '" + name + "'; known: " + new TreeMap<>(PRESETS).keySet());
        }
        return new TreeMap<>(preset);
    }
}
