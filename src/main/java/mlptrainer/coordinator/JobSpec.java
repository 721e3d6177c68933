package mlptrainer.coordinator;

import java.util.Map;
import java.util.TreeMap;
import mlptrainer.Untrusted;
import mlptrainer.SizeLimits;

/**
 * A validated training request.
 *
 * @param dir      the data directory as the client named it (sent to nodes as "dir/file")
 * @param rounds   rounds of federated averaging
 * @param epochs   the most local epochs per task
 * @param h        hidden units
 * @param k        classes; {@link #K_FROM_DATA} in a request: the data directory's manifest says,
 *                 else {@link #DEFAULT_K} (the job manager replaces it before the job starts)
 * @param eta      the learning rate
 * @param settings training settings beyond the course algorithm (empty: the course algorithm)
 * @param resume   continue from a matching checkpoint when there is one
 */
public record JobSpec(String dir, int rounds, int epochs, int h, int k, double eta, Map<String, String> settings,
        boolean resume) {
    public static final int MAX_ROUNDS = SizeLimits.MAX_ROUNDS;
    public static final int MAX_EPOCHS = SizeLimits.MAX_EPOCHS;
    public static final int MAX_CLASSES = SizeLimits.MAX_CLASSES;
    /** k in a request that leaves it to the data: the manifest's k, or the letters' 26 without one. */
    public static final int K_FROM_DATA = 0;
    /** k of a directory without a manifest when the request leaves it to the data: the letters A..Z. */
    public static final int DEFAULT_K = 26;
    /** The longest data directory name accepted: Linux's PATH_MAX, beyond which no directory can be named. */
    public static final int MAX_DIR_CHARS = 4096;

    /** @throws IllegalArgumentException naming the first bad argument */
    public JobSpec {
        settings = Map.copyOf(new TreeMap<>(settings == null ? Map.of() : settings));
        if (dir == null || dir.isBlank()) {
            throw new IllegalArgumentException("dir is empty: name the data directory");
        }
        if (dir.length() > MAX_DIR_CHARS) {
            throw new IllegalArgumentException("dir must be at most " + MAX_DIR_CHARS + " characters, got "
                    + dir.length());
        }
        checkRange("rounds", rounds, 1, MAX_ROUNDS);
        checkRange("epochs", epochs, 1, MAX_EPOCHS);
        if (k != K_FROM_DATA) {
            checkRange("k", k, 2, MAX_CLASSES);
        }
        if (h < 1) {
            throw new IllegalArgumentException("h must be >= 1, got " + h);
        }
        if (!(eta > 0) || !Double.isFinite(eta)) {
            throw new IllegalArgumentException("eta must be a finite number > 0, got " + eta);
        }
    }

    private static void checkRange(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be in " + min + ".." + max + ", got " + value);
        }
    }

    /** The original's request: the course algorithm. */
    public static JobSpec course(String dir, int rounds, int epochs, int h, int k, double eta) {
        return new JobSpec(dir, rounds, epochs, h, k, eta, Map.of(), false);
    }

    /** @return this request with k replaced */
    public JobSpec withK(int classes) {
        return new JobSpec(dir, rounds, epochs, h, classes, eta, settings, resume);
    }

    @Override
    public String toString() {
        return "dir " + Untrusted.shown(dir) + ", rounds " + rounds + ", epochs " + epochs + ", h " + h + ", k " + k
                + ", eta " + eta
                + (settings.isEmpty() ? "" : ", settings " + settings);
    }
}
