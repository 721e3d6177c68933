package mlptrainer.client;

import java.util.List;
import java.util.Map;
import mlptrainer.model.MlpWeights;

/**
 * A trained model as the model file holds it: the weights, the training settings that produced
 * them, the input standardisation (x' = (x - mean) / scale per feature) when training used one,
 * else null for both arrays, and the data it was trained on when its directory had a
 * {@code dataset.json}: that manifest's fingerprint and label names. Immutable.
 *
 * @param datasetFingerprint the manifest's {@code DatasetManifest.fingerprint()}, or null without one
 * @param labelNames         k names, class i's i-th, or empty without a manifest
 */
public record SavedModel(MlpWeights weights, Map<String, String> settings, double[] featureMean,
        double[] featureScale, String datasetFingerprint, List<String> labelNames) {
    public SavedModel {
        settings = Map.copyOf(settings);
        labelNames = List.copyOf(labelNames);
        if ((featureMean == null) != (featureScale == null)) {
            throw new IllegalArgumentException("standardisation needs both a mean and a scale, or neither");
        }
        if (featureMean != null && (featureMean.length != weights.inputs() || featureScale.length != weights.inputs())) {
            throw new IllegalArgumentException("standardisation needs d=" + weights.inputs() + " means and scales, got "
                    + featureMean.length + " and " + featureScale.length);
        }
        if (datasetFingerprint != null && !datasetFingerprint.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("a data set's fingerprint is a SHA-256 in lower-case hex, got '"
                    + mlptrainer.Untrusted.shown(datasetFingerprint) + "'");
        }
        if (!labelNames.isEmpty() && labelNames.size() != weights.classes()) {
            throw new IllegalArgumentException("k=" + weights.classes() + " classes need as many label names, got "
                    + labelNames.size());
        }
    }

    /** A model trained on a directory without a manifest. */
    public SavedModel(MlpWeights weights, Map<String, String> settings, double[] featureMean, double[] featureScale) {
        this(weights, settings, featureMean, featureScale, null, List.of());
    }

    /** @return true when inputs are standardised before the network sees them */
    public boolean standardised() {
        return featureMean != null;
    }

    /**
     * @return class c's name: the manifest's label name, else a letter A..Z when k = 26 (the
     *         letters), else the class number
     */
    public String className(int c) {
        int k = weights.classes();
        if (!labelNames.isEmpty()) {
            return labelNames.get(c);
        }
        return k == 26 ? String.valueOf((char) ('A' + c)) : Integer.toString(c);
    }
}
