package mlptrainer.client;

import java.util.Map;
import mlptrainer.model.MlpWeights;

/**
 * A trained model as the model file holds it: the weights, the training settings that produced
 * them, and the input standardisation (x' = (x - mean) / scale per feature) when training used one,
 * else null for both arrays.
 */
public record SavedModel(MlpWeights weights, Map<String, String> settings, double[] featureMean,
        double[] featureScale) {
    public SavedModel {
        settings = Map.copyOf(settings);
        if ((featureMean == null) != (featureScale == null)) {
            throw new IllegalArgumentException("standardisation needs both a mean and a scale, or neither");
        }
        if (featureMean != null && (featureMean.length != weights.inputs() || featureScale.length != weights.inputs())) {
            throw new IllegalArgumentException("standardisation needs d=" + weights.inputs() + " means and scales, got "
                    + featureMean.length + " and " + featureScale.length);
        }
    }

    /** @return true when inputs are standardised before the network sees them */
    public boolean standardised() {
        return featureMean != null;
    }
}
