package mlptrainer.prepare;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Where each row of the second pass goes, with O(1) memory per label. Validation: each label's quota is
 * its share of round(fraction x rows), by largest remainders (so the total is exact and every label is
 * held out in proportion), and the label's rows are picked by selection sampling (Knuth's algorithm S:
 * the t-th of n rows is picked with probability (quota - picked) / (n - t)), which picks exactly the
 * quota, every subset equally likely. Training: a label's j-th training row goes to shard
 * (offset + j) mod shards, from a seeded offset per label, so every shard gets each label's rows to
 * within one. The same seed and rows in the same order give the same places. Not thread-safe.
 */
final class Allocation {
    /** {@link #place}'s answer for a validation row. */
    static final int VALIDATION = -1;
    private final int shards;
    private final double fraction;
    private final long[] rows;
    private final long[] quota;
    private final long[] seen;
    private final long[] picked;
    private final long[] offset;
    private final SplittableRandom random;

    /**
     * @param rows     rows per label index
     * @param fraction share held out for validation, in [0, 1)
     */
    Allocation(long[] rows, double fraction, int shards, long seed) {
        this.shards = shards;
        this.fraction = fraction;
        this.rows = rows.clone();
        this.quota = quotas(rows, fraction);
        this.seen = new long[rows.length];
        this.picked = new long[rows.length];
        this.offset = new long[rows.length];
        this.random = new SplittableRandom(seed);
        for (int i = 0; i < rows.length; i++) {
            offset[i] = random.nextInt(shards);
        }
    }

    /** @return the number of labels */
    int labels() {
        return rows.length;
    }

    /** @return the share held out for validation */
    double fraction() {
        return fraction;
    }

    /** @return validation rows of label i */
    long validationRows(int i) {
        return quota[i];
    }

    /** @return the shard (0-based) of the next row of label i, or {@link #VALIDATION} */
    int place(int label) {
        long t = seen[label]++;
        long left = quota[label] - picked[label];
        if (left > 0 && random.nextDouble() * (rows[label] - t) < left) {
            picked[label]++;
            return VALIDATION;
        }
        return (int) ((offset[label] + t - picked[label]) % shards);
    }

    /** @return rows shard s gets (its rows of every label) */
    long shardRows(int s) {
        long total = 0;
        for (int i = 0; i < rows.length; i++) {
            long training = rows[i] - quota[i];
            // rows j = 0..training-1 go to (offset + j) mod shards; shard s gets those with j = s - offset mod shards
            long first = Math.floorMod(s - offset[i], shards);
            total += training > first ? (training - first + shards - 1) / shards : 0;
        }
        return total;
    }

    /** Largest-remainder shares of round(fraction x total rows), each at most its label's rows. */
    static long[] quotas(long[] rows, double fraction) {
        long total = 0;
        long[] out = new long[rows.length];
        List<Integer> byRemainder = new ArrayList<>();
        for (int i = 0; i < rows.length; i++) {
            total += rows[i];
            out[i] = (long) Math.floor(fraction * rows[i]);
            byRemainder.add(i);
        }
        long left = Math.round(fraction * total) - java.util.Arrays.stream(out).sum();
        byRemainder.sort(Comparator.comparingDouble((Integer i) -> -(fraction * rows[i] - out[i])));
        for (int j = 0; left > 0 && j < byRemainder.size(); j++) {
            int i = byRemainder.get(j);
            if (out[i] < rows[i]) {
                out[i]++;
                left--;
            }
        }
        return out;
    }
}
