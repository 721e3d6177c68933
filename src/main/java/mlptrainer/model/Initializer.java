package mlptrainer.model;

/** How the coordinator draws the first weights of a job. Wire names are the lower-case names. */
public enum Initializer {
    /** The course: uniform in [-0.01, 0.01); see {@link MlpWeights#initUniform}. */
    UNIFORM,
    /** He (Kaiming) normal for ReLU layers; see {@link MlpWeights#initHe}. */
    HE,
    /** Xavier (Glorot) uniform; see {@link MlpWeights#initXavier}. */
    XAVIER;

    /** @return new weights for d inputs, h hidden units and k classes, the same for a seed on every machine */
    public MlpWeights create(int d, int h, int k, long seed) {
        switch (this) {
            case HE:
                return MlpWeights.initHe(d, h, k, seed);
            case XAVIER:
                return MlpWeights.initXavier(d, h, k, seed);
            default:
                return MlpWeights.initUniform(d, h, k, seed);
        }
    }
}
