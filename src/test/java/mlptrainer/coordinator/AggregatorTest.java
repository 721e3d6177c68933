package mlptrainer.coordinator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import mlptrainer.model.MlpWeights;
import org.junit.jupiter.api.Test;

class AggregatorTest {
    // d=1, h=1, k=2: W is (d+1) x h = 2 values, V is (h+1) x k = 4 values
    private static MlpWeights weights(double[] w, double[] v) {
        return new MlpWeights(1, 1, 2, w, v);
    }

    @Test
    void meanOfTwoDeltasByHand() {
        MlpWeights a = weights(new double[] {1, 2}, new double[] {0.5, -1, 3, 0});
        MlpWeights b = weights(new double[] {3, -4}, new double[] {0.5, 1, -1, 0.25});
        // W: (1+3)/2 = 2, (2-4)/2 = -1
        // V: (0.5+0.5)/2 = 0.5, (-1+1)/2 = 0, (3-1)/2 = 1, (0+0.25)/2 = 0.125
        MlpWeights mean = Aggregator.meanDelta(List.of(a, b));
        assertArrayEquals(new double[] {2, -1}, mean.w());
        assertArrayEquals(new double[] {0.5, 0, 1, 0.125}, mean.v());
        // the inputs are not changed
        assertArrayEquals(new double[] {1, 2}, a.w());
        assertArrayEquals(new double[] {3, -4}, b.w());
    }

    @Test
    void meanOfThreeByHand() {
        MlpWeights a = weights(new double[] {3, 0}, new double[] {1, 1, 1, 1});
        MlpWeights b = weights(new double[] {0, 6}, new double[] {2, 2, 2, 2});
        MlpWeights c = weights(new double[] {-6, 3}, new double[] {3, 3, 3, 6});
        // W: (3+0-6)/3 = -1, (0+6+3)/3 = 3; V: (1+2+3)/3 = 2 three times, (1+2+6)/3 = 3
        MlpWeights mean = Aggregator.meanDelta(List.of(a, b, c));
        assertArrayEquals(new double[] {-1, 3}, mean.w());
        assertArrayEquals(new double[] {2, 2, 2, 3}, mean.v());
    }

    @Test
    void sumsInShardOrderThenDivides() {
        // In doubles (0.1 + 0.2) + 0.3 = 0.6000000000000001 while (0.3 + 0.2) + 0.1 = 0.6:
        // the mean must be the shard-order sum divided by 3, so that it does not depend on arrival order.
        MlpWeights a = weights(new double[] {0.1, 0}, new double[4]);
        MlpWeights b = weights(new double[] {0.2, 0}, new double[4]);
        MlpWeights c = weights(new double[] {0.3, 0}, new double[4]);
        double inOrder = ((0.1 + 0.2) + 0.3) / 3;
        double reversed = ((0.3 + 0.2) + 0.1) / 3;
        assertNotEquals(inOrder, reversed, "the fixture must distinguish the two orders");
        assertEquals(inOrder, Aggregator.meanDelta(List.of(a, b, c)).w()[0]);
        assertEquals(reversed, Aggregator.meanDelta(List.of(c, b, a)).w()[0]);
    }

    @Test
    void applyMeanAddsTheMeanToTheGlobalWeightsWithoutChangingThem() {
        MlpWeights global = weights(new double[] {10, 20}, new double[] {1, 2, 3, 4});
        MlpWeights a = weights(new double[] {1, 2}, new double[] {0.5, -1, 3, 0});
        MlpWeights b = weights(new double[] {3, -4}, new double[] {0.5, 1, -1, 0.25});
        MlpWeights next = Aggregator.applyMean(global, List.of(a, b));
        // global + mean from meanOfTwoDeltasByHand: W 10+2, 20-1; V 1+0.5, 2+0, 3+1, 4+0.125
        assertArrayEquals(new double[] {12, 19}, next.w());
        assertArrayEquals(new double[] {1.5, 2, 4, 4.125}, next.v());
        assertArrayEquals(new double[] {10, 20}, global.w());
    }

    @Test
    void shapeMismatchIsAnErrorNamingBothShapes() {
        MlpWeights a = MlpWeights.zeros(1, 1, 2);
        MlpWeights b = MlpWeights.zeros(2, 1, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Aggregator.meanDelta(List.of(a, b)));
        assertTrue(e.getMessage().contains("d=1 h=1 k=2") && e.getMessage().contains("d=2 h=1 k=2"),
                e.getMessage());
    }

    @Test
    void noDeltasIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> Aggregator.meanDelta(List.of()));
    }
}
