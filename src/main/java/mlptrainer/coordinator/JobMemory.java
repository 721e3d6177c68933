package mlptrainer.coordinator;

import mlptrainer.SizeLimits;

/**
 * What a job holds on the coordinator's heap at most, estimated from its request and its data
 * files' sizes before it runs. Immutable.
 *
 * @param weightBytes one copy of the model's weights (8 bytes a value)
 * @param copies      how many such copies the job holds at once at most
 * @param dataBytes   the most its data files take once read (see {@link mlptrainer.data.DataSizes})
 * @param roundBytes  its per-round figures, kept for status and checkpoints
 */
record JobMemory(long weightBytes, int copies, long dataBytes, long roundBytes) {
    /**
     * Copies that do not depend on the shard count: the current weights, the aggregation's copy of
     * them and its sum of the deltas, the best round's; the round's request packed (one) and as the
     * original's boxed lists (three: about 24 bytes a value); the validation's workspace (the
     * weights, V transposed and two gradient buffers, padded: five).
     */
    static final int FIXED_COPIES = 4 + 4 + 5;
    /** Per shard: its deltas, held until the round ends; and per reply in flight, its packed bytes while decoded. */
    static final int COPIES_PER_SHARD = 1;
    /** A round's figures in the job's progress, with the copies made for a checkpoint and a status call. */
    static final long BYTES_PER_ROUND = 200;
    /** A task attempt in the job's timeline ({@link TaskAttempt}: the record, its node and its detail of at most 200 chars). */
    static final long BYTES_PER_ATTEMPT = 600;

    /**
     * @param spec      the request
     * @param d         the data's input features (1 when not known yet: the least a model can need)
     * @param shards    the training shards, one task each per round
     * @param slots     the tasks the nodes run at once (replies in flight), at least 1
     * @param dataBytes the most the data takes once read
     */
    static JobMemory estimate(JobSpec spec, int d, int shards, int slots, long dataBytes) {
        long weights = SizeLimits.packedBytes(SizeLimits.weightValues(d, spec.h(), spec.k()));
        int copies = FIXED_COPIES + COPIES_PER_SHARD * shards + Math.min(shards, Math.max(1, slots))
                + StrategySettings.serverStateCopies(spec.settings());
        // the timeline keeps at least one attempt per task, up to its cap
        long attempts = Math.min(JobProgress.MAX_ATTEMPTS_KEPT, (long) spec.rounds() * Math.max(1, shards));
        return new JobMemory(weights, copies, dataBytes,
                BYTES_PER_ROUND * spec.rounds() + BYTES_PER_ATTEMPT * attempts);
    }

    /** @return the heap the job may hold at once, in bytes */
    long total() {
        return weightBytes * copies + dataBytes + roundBytes;
    }

    /** @return "job needs about 410 MB (h 4096, k 1024: 35 MB of weights x 9 copies + 3 MB of data)" */
    String need(JobSpec spec) {
        String rounds = roundBytes < (1 << 20) ? "" : " + " + SizeLimits.mb(roundBytes) + " for " + spec.rounds()
                + " rounds' figures";
        return "job needs about " + SizeLimits.mb(total()) + " (h " + spec.h() + ", k " + spec.k() + ": "
                + SizeLimits.mb(weightBytes) + " of weights x " + copies + " copies + " + SizeLimits.mb(dataBytes)
                + " of data" + rounds + ")";
    }
}
