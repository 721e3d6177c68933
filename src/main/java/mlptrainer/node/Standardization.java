package mlptrainer.node;

import mlptrainer.data.Dataset;
import mlptrainer.model.FeatureStandardizer;

/** Applies the coordinator's input standardisation to a shard, when a task carries one. */
final class Standardization {
    private Standardization() {
    }

    static Dataset applyIfRequested(Dataset shard, TaskSpec spec) throws InvalidTaskException {
        if (spec.featureMean() == null && spec.featureScale() == null) {
            return shard;
        }
        if (spec.featureMean() == null || spec.featureScale() == null) {
            throw new InvalidTaskException("standardisation needs both feature_mean and feature_scale");
        }
        try {
            return new FeatureStandardizer(spec.featureMean(), spec.featureScale()).apply(shard);
        } catch (IllegalArgumentException e) {
            throw new InvalidTaskException("standardisation: " + e.getMessage(), e);
        }
    }
}
