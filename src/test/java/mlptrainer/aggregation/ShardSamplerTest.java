package mlptrainer.aggregation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ShardSamplerTest {

    @Test
    void theWholeFractionTakesEveryShardInOrder() {
        assertArrayEquals(new int[] {0, 1, 2, 3}, new ShardSampler(4, 1.0, 7).shardsOf(3));
    }

    @Test
    void takesTheCeilingOfTheFractionAndAtLeastOne() {
        assertEquals(3, new ShardSampler(10, 0.3, 0).perRound()); // 0.3 x 10 rounds to 3.0000000000000004
        assertEquals(4, new ShardSampler(11, 0.3, 0).perRound()); // 3.3 -> 4
        assertEquals(1, new ShardSampler(11, 0.01, 0).perRound());
    }

    @Test
    void aRoundsSampleIsSortedDistinctAndTheSameEveryTime() {
        ShardSampler sampler = new ShardSampler(11, 0.5, 42);
        for (int round = 1; round <= 20; round++) {
            int[] shards = sampler.shardsOf(round);
            assertEquals(6, shards.length);
            int[] sorted = shards.clone();
            Arrays.sort(sorted);
            assertArrayEquals(sorted, shards);
            assertEquals(6, Arrays.stream(shards).distinct().count());
            assertTrue(shards[0] >= 0 && shards[5] < 11);
            assertArrayEquals(shards, new ShardSampler(11, 0.5, 42).shardsOf(round));
        }
    }

    @Test
    void roundsAndSeedsDrawDifferentSamples() {
        ShardSampler sampler = new ShardSampler(11, 0.5, 42);
        Set<String> samples = new HashSet<>();
        for (int round = 1; round <= 20; round++) {
            samples.add(Arrays.toString(sampler.shardsOf(round)));
        }
        assertTrue(samples.size() > 10, "20 rounds drew only " + samples.size() + " distinct samples");
        assertNotEquals(Arrays.toString(sampler.shardsOf(1)) + Arrays.toString(sampler.shardsOf(2)),
                Arrays.toString(new ShardSampler(11, 0.5, 43).shardsOf(1))
                        + Arrays.toString(new ShardSampler(11, 0.5, 43).shardsOf(2)));
    }

    @Test
    void refusesABadFraction() {
        assertThrows(IllegalArgumentException.class, () -> new ShardSampler(4, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new ShardSampler(4, 1.5, 0));
        assertThrows(IllegalArgumentException.class, () -> new ShardSampler(4, Double.NaN, 0));
    }
}
