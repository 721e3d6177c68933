package mlptrainer.aggregation;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Which shards train in a round when only a fraction does (Flower's {@code fraction_fit}):
 * ceil(fraction x shards), at least 1, drawn without replacement by a partial Fisher-Yates shuffle
 * from a seed mixed from the job's sample seed and the round. Nothing else enters the draw (no
 * node, no time, no failure), so every run of a job trains the same shards each round. Immutable.
 */
public final class ShardSampler {
    private final int shards;
    private final double fraction;
    private final long seed;

    /**
     * @param shards   the job's shard count, >= 1
     * @param fraction in (0, 1]
     * @param seed     the job's sample seed
     */
    public ShardSampler(int shards, double fraction, long seed) {
        if (shards < 1) {
            throw new IllegalArgumentException("no shards to sample from");
        }
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("fraction must be in (0, 1], got " + fraction);
        }
        this.shards = shards;
        this.fraction = fraction;
        this.seed = seed;
    }

    /** @return how many shards train per round: ceil(fraction x shards), at least 1 */
    public int perRound() {
        // 1e-9 absorbs the product's rounding up (0.3 x 10 = 3.0000000000000004 is 3 shards, not 4)
        return Math.max(1, (int) Math.ceil(fraction * shards - 1e-9));
    }

    /**
     * @param round 1-based
     * @return the round's shards, 0-based and ascending (shard order); all of them when fraction is 1
     */
    public int[] shardsOf(int round) {
        int[] all = new int[shards];
        for (int i = 0; i < shards; i++) {
            all[i] = i;
        }
        int take = perRound();
        if (take == shards) {
            return all;
        }
        SplittableRandom random = new SplittableRandom(mix(seed, round));
        // partial Fisher-Yates: positions 0..take-1 end up a uniform sample without replacement
        for (int i = 0; i < take; i++) {
            int j = i + random.nextInt(shards - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        int[] chosen = Arrays.copyOf(all, take);
        Arrays.sort(chosen);
        return chosen;
    }

    /** SplittableRandom's mix64 of the seed and the round, so that neighbouring rounds draw unrelated samples. */
    static long mix(long seed, int round) {
        long z = seed + 0x9E3779B97F4A7C15L * (round + 1L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
