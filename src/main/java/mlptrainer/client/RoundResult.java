package mlptrainer.client;

/**
 * One finished round of a job, as the coordinator reported it. Immutable.
 *
 * @param round             the round's number, from 1
 * @param validationError   the error rate on the validation set after the round, in [0, 1]
 * @param meanTrainingError the mean of the nodes' training error rates in the round, in [0, 1]
 * @param elapsedMs         the round's wall time on the coordinator, in milliseconds
 * @param epochsRun         the local epochs the round's tasks ran
 */
public record RoundResult(int round, double validationError, double meanTrainingError, long elapsedMs,
        int epochsRun) {
}
