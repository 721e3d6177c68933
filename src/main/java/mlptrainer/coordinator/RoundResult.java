package mlptrainer.coordinator;

/**
 * A completed round's figures, as status calls and checkpoints keep them. Immutable.
 *
 * @param round             1-based
 * @param validationError   error rate in [0, 1] of the round's model on the validation rows
 * @param meanTrainingError the mean of the accepted tasks' training error rates
 * @param elapsedMs         the round's wall time at the coordinator, in milliseconds
 * @param epochsRun         the epochs the round's accepted tasks ran, summed over its shards
 */
public record RoundResult(int round, double validationError, double meanTrainingError, long elapsedMs,
        int epochsRun) {
}
