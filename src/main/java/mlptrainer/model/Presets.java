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

    /**
     * The accurate recipe made sample-efficient and regularised: each round trains only 2 of 11
     * shards ({@code fraction} 0.18, drawn per round), so a round's average blends two models rather
     * than eleven and comes closer to sequential SGD; batches of 16; label smoothing 0.1 and input
     * noise 0.1 against the overfitting that shows as near-zero training error. With h 512, 360 rounds
     * of 1 epoch and eta 0.1 (README, docs/benchmarks.md).
     */
    public static final String FAST = "fast";

    /**
     * The fast recipe for a short budget: its learning rate falls only to half along the cosine
     * ({@code min_lr_fraction} 0.5), and each round is validated and published as the moving average
     * of the rounds' models ({@code ema} 0.9, on the coordinator), which smooths the noise the still
     * large steps leave in the raw model. With h 384, 130 rounds of 1 epoch and eta 0.1. A job with
     * it cannot be resumed (the average is not checkpointed).
     */
    public static final String QUICK = "quick";

    private static final Map<String, String> ACCURATE_SETTINGS = Map.of(
            TrainingSettings.OPTIMIZER, "momentum",
            TrainingSettings.BATCH_SIZE, "32",
            TrainingSettings.STANDARDIZE, "true",
            TrainingSettings.INIT, "he",
            TrainingSettings.SCHEDULE, "cosine",
            TrainingSettings.WEIGHT_DECAY, "0.0005");

    private static final Map<String, String> FAST_SETTINGS = with(ACCURATE_SETTINGS, Map.of(
            TrainingSettings.BATCH_SIZE, "16",
            TrainingSettings.LABEL_SMOOTHING, "0.1",
            TrainingSettings.INPUT_NOISE, "0.1",
            "fraction", "0.18"));

    private static final Map<String, Map<String, String>> PRESETS = Map.of(ACCURATE, ACCURATE_SETTINGS,
            FAST, FAST_SETTINGS,
            QUICK, with(FAST_SETTINGS, Map.of(
                    TrainingSettings.MIN_LR_FRACTION, "0.5",
                    "ema", "0.9")));

    private Presets() {
    }

    private static Map<String, String> with(Map<String, String> base, Map<String, String> changes) {
        Map<String, String> merged = new TreeMap<>(base);
        merged.putAll(changes);
        return Map.copyOf(merged);
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
