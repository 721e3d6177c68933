package mlptrainer.client;

import java.util.Map;
import mlptrainer.model.MlpWeights;
import mlptrainer.rpc.gen.JobModel;
import mlptrainer.rpc.gen.Weights;

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

    /** The model of a finished job: its last weights, or its best round's when {@code best} and the job kept them. */
    public static SavedModel of(JobModel m, boolean best) {
        Weights w = best && m.isSetBest() ? m.getBest() : m.getLast();
        return new SavedModel(toWeights(w, m.getD(), m.getH(), m.getK()), m.getSettings() == null ? Map.of()
                : m.getSettings(), toArray(m.isSetFeature_mean() ? m.getFeature_mean() : null),
                toArray(m.isSetFeature_scale() ? m.getFeature_scale() : null));
    }

    private static MlpWeights toWeights(Weights wire, int d, int h, int k) {
        return new MlpWeights(d, h, k, flatten(wire.getW(), h), flatten(wire.getV(), k));
    }

    private static double[] flatten(java.util.List<java.util.List<Double>> rows, int columns) {
        double[] out = new double[rows.size() * columns];
        for (int r = 0; r < rows.size(); r++) {
            if (rows.get(r).size() != columns) {
                throw new IllegalArgumentException("weight row " + r + " has " + rows.get(r).size()
                        + " values, expected " + columns);
            }
            for (int c = 0; c < columns; c++) {
                out[r * columns + c] = rows.get(r).get(c);
            }
        }
        return out;
    }

    private static double[] toArray(java.util.List<Double> list) {
        return list == null ? null : list.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** @return true when inputs are standardised before the network sees them */
    public boolean standardised() {
        return featureMean != null;
    }
}
