package mlptrainer.model;

/** STUB until the model branch lands. */
public record TaskOutcome(MlpWeights trained, int epochsRun, double trainingError, double loss) {
}
