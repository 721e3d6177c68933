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
 * they were given in, which is the order every text that names them shows.
 */
public record TrainingRequest(String dir, int rounds, int epochs, int h, int k, double eta,
        Map<String, String> settings) {
    public TrainingRequest {
        Objects.requireNonNull(dir, "dir");
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
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
