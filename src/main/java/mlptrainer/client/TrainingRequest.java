package mlptrainer.client;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a job trains: the data directory as the coordinator and nodes see it, the course's
 * parameters and the settings beyond the course algorithm. Immutable; the settings keep the order
 * they were given in, which is the order every text that names them shows. {@code k} is
 * {@link #K_FROM_DATA} when the user gave none: the coordinator takes the data directory's
 * manifest's, or 26 (the letters) without one.
 */
public record TrainingRequest(String dir, int rounds, int epochs, int h, int k, double eta,
        Map<String, String> settings) {
    /** k when the user gave none (as JobRequest.k): the coordinator takes it from the data. */
    public static final int K_FROM_DATA = 0;
    /** What the original's train call is sent when no k was given: it needs one, and its data are letters. */
    static final int ORIGINAL_K = 26;

    public TrainingRequest {
        Objects.requireNonNull(dir, "dir");
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    /** @return k for the original's train call, which cannot leave it to the data */
    public int originalK() {
        return k == K_FROM_DATA ? ORIGINAL_K : k;
    }

    /** The one-line form the client prints when the job starts and writes into saved models. */
    public String describe() {
        return "dir " + dir + ", rounds " + rounds + ", epochs " + epochs + ", h " + h + ", eta " + eta
                + settingsSuffix();
    }

    /**
     * The learning curve's title. Names only the data directory's last part: a shared picture
     * should not show the machine's paths.
     */
    public String plotTitle() {
        Path name = Path.of(dir).getFileName();
        return "Learning curve: " + (name == null ? dir : name);
    }

    /** The learning curve's subtitle: the settings, in smaller text than the title. */
    public String plotSubtitle() {
        // eta as typed ("0.0001"), not in Java's exponent form ("1.0E-4")
        String plainEta = BigDecimal.valueOf(eta).stripTrailingZeros().toPlainString();
        return rounds + " rounds, " + epochs + " epochs, h " + h + ", eta " + plainEta + settingsSuffix();
    }

    private String settingsSuffix() {
        return settings.isEmpty() ? "" : ", " + settings;
    }
}
