package mlptrainer.client;

/** The round of a job with the lowest validation error so far, and that error. Immutable. */
public record BestRound(int round, double validationError) {
}
