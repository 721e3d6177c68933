package mlptrainer.client;

import java.util.Objects;

/**
 * A finished job's models: the last round's, and the best round's (the last round's when the job
 * did not keep a separate best). Immutable.
 */
public record TrainedModels(SavedModel last, SavedModel best) {
    public TrainedModels {
        Objects.requireNonNull(last, "last");
        Objects.requireNonNull(best, "best");
    }
}
