package mlptrainer.prepare;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The split's arithmetic: exact quotas by largest remainders, and shards that get each label in proportion. */
class SplitAllocationTest {
    @Test
    void quotasSumToTheRoundedFractionAndFollowTheLargestRemainders() {
        assertArrayEquals(new long[] {10, 6, 1}, Allocation.quotas(new long[] {50, 30, 7}, 0.2));
        assertArrayEquals(new long[] {1, 1, 0}, Allocation.quotas(new long[] {3, 3, 3}, 0.25), "ties: first labels");
        long[] rows = {1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978};
        assertEquals(2000, Arrays.stream(Allocation.quotas(rows, 0.2)).sum());
    }

    @Test
    void placesExactlyTheQuotaAndSpreadsEachLabelEvenlyOverTheShards() {
        long[] rows = {101, 57, 13};
        int shards = 4;
        Allocation a = new Allocation(rows, 0.3, shards, 42);
        long[][] perShard = new long[shards][rows.length];
        long[] validation = new long[rows.length];
        for (int round = 0; round < 101; round++) {
            for (int label = 0; label < rows.length; label++) {
                if (round < rows[label]) {
                    int place = a.place(label);
                    if (place == Allocation.VALIDATION) {
                        validation[label]++;
                    } else {
                        perShard[place][label]++;
                    }
                }
            }
        }
        assertArrayEquals(Allocation.quotas(rows, 0.3), validation);
        for (int s = 0; s < shards; s++) {
            long total = 0;
            for (int label = 0; label < rows.length; label++) {
                long training = rows[label] - validation[label];
                long count = perShard[s][label];
                assertTrue(count == training / shards || count == training / shards + 1, "shard " + s);
                total += count;
            }
            assertEquals(a.shardRows(s), total, "the predicted rows of shard " + s);
        }
    }
}
