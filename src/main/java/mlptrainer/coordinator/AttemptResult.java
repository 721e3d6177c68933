package mlptrainer.coordinator;

import mlptrainer.model.MlpWeights;

/**
 * How one attempt of a task on one node ended.
 *
 * @param kind          the outcome
 * @param deltas        trained minus initial weights (ACCEPTED only)
 * @param trainingError error rate on the shard after training (ACCEPTED only)
 * @param epochsRun     epochs the node ran (ACCEPTED only; 0 when the node does not say)
 * @param error         what went wrong (NODE_ERROR, BAD_RESULT, TRANSPORT_ERROR)
 * @param busyMs        how long the attempt took, in milliseconds
 */
record AttemptResult(Kind kind, MlpWeights deltas, double trainingError, int epochsRun, String error, long busyMs) {
    enum Kind {
        /** The node trained the shard and sent finite deltas of the right shape. */
        ACCEPTED,
        /** The node declined the task (policy 2): offer it elsewhere. */
        REJECTED,
        /** The node answered with an error about the task (bad data, unknown setting): deterministic there. */
        NODE_ERROR,
        /** The node answered with deltas that are not finite or have the wrong shape. */
        BAD_RESULT,
        /** No answer: refused, reset, timed out. The node may be down. */
        TRANSPORT_ERROR,
        /** The node cannot run this task's settings (an older version, or the original's): not a failure. */
        INELIGIBLE
    }

    static AttemptResult accepted(MlpWeights deltas, double trainingError, int epochsRun, long busyMs) {
        return new AttemptResult(Kind.ACCEPTED, deltas, trainingError, epochsRun, null, busyMs);
    }

    static AttemptResult failed(Kind kind, String error, long busyMs) {
        return new AttemptResult(kind, null, 0, 0, error, busyMs);
    }
}
