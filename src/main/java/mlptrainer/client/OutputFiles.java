package mlptrainer.client;

import java.nio.file.Path;

/**
 * Where a finished job's results go; each path is null when that result is not wanted.
 *
 * @param plot      the learning curve as a PNG
 * @param metrics   every figure of the job as JSON (see {@link MetricsFile})
 * @param saveModel the last round's model (see {@link ModelFile})
 * @param saveBest  the model of the round with the lowest validation error
 */
public record OutputFiles(Path plot, Path metrics, Path saveModel, Path saveBest) {
    /** @return true when any result beyond the final error is wanted */
    public boolean any() {
        return plot != null || metrics != null || saveModel != null || saveBest != null;
    }
}
