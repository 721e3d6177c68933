package mlptrainer.model;

import java.util.Map;
import java.util.Set;

/** STUB until the model branch lands. */
public final class TrainingSettings {
    public static final Set<String> KNOWN = Set.of();
    public static final TrainingSettings COURSE = new TrainingSettings();

    public static TrainingSettings parse(Map<String, String> settings) {
        if (!settings.isEmpty()) {
            throw new IllegalArgumentException("unknown settings: " + settings.keySet());
        }
        return COURSE;
    }
}
