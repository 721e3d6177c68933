package mlptrainer.node;

import mlptrainer.data.Dataset;

/** Applies the coordinator's input standardisation to a shard, when a task asks for it. */
final class Standardization {
    private Standardization() {
    }

    static Dataset applyIfRequested(Dataset shard, TaskSpec spec) throws InvalidTaskException {
        double[] mean = spec.featureMean();
        double[] scale = spec.featureScale();
        if (mean == null && scale == null) {
            return shard;
        }
        if (mean == null || scale == null || mean.length != shard.features() || scale.length != shard.features()) {
            throw new InvalidTaskException("standardisation needs a mean and a scale per feature (d="
                    + shard.features() + "), got " + (mean == null ? 0 : mean.length) + " means and "
                    + (scale == null ? 0 : scale.length) + " scales");
        }
        int d = shard.features();
        double[] x = shard.featuresUnsafe();
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            int j = i % d;
            out[i] = (x[i] - mean[j]) / scale[j];
        }
        return new Dataset(shard.source(), d, out, shard.labelsUnsafe().clone());
    }
}
