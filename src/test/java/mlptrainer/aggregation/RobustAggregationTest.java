package mlptrainer.aggregation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The mean, weighted mean, median, trimmed mean and Krum on deltas whose results are worked out by hand. */
class RobustAggregationTest {
    private static final double[] A = {1, -2, 0.5, 4};
    private static final double[] B = {3, 2, 0.25, -4};
    private static final double[] C = {2, 6, 0.75, 3};
    private static final double[] D = {0, 0, 1, 10};
    private static final double[] E = {-1, 1, 0, 5};

    @Test
    void meanSumsThenDivides() {
        // (1+3+2)/3, (-2+2+6)/3, (0.5+0.25+0.75)/3, (4-4+3)/3
        assertArrayEquals(new double[] {2, 2, 0.5, 1}, Mean.of(List.of(A, B, C)));
    }

    @Test
    void weightedMeanWeighsByRows() {
        // (1*1 + 2*3 + 1*2)/4, (-2 + 4 + 6)/4, (0.5 + 0.5 + 0.75)/4, (4 - 8 + 3)/4
        assertArrayEquals(new double[] {2.25, 2, 0.4375, -0.25}, WeightedMean.of(List.of(A, B, C), new int[] {1, 2, 1}));
    }

    @Test
    void weightedMeanWithEqualRowsIsTheMean() {
        assertArrayEquals(Mean.of(List.of(A, B, C)), WeightedMean.of(List.of(A, B, C), new int[] {7, 7, 7}));
    }

    @Test
    void weightedMeanRefusesMismatchedCountsAndEmptyShards() {
        assertThrows(IllegalArgumentException.class, () -> WeightedMean.of(List.of(A, B), new int[] {1}));
        assertThrows(IllegalArgumentException.class, () -> WeightedMean.of(List.of(A, B), new int[] {1, 0}));
    }

    @Test
    void medianOfAnOddCountIsTheMiddleValue() {
        // columns sorted: {1,2,3}, {-2,2,6}, {0.25,0.5,0.75}, {-4,3,4}
        assertArrayEquals(new double[] {2, 2, 0.5, 3}, CoordinateMedian.of(List.of(A, B, C)));
    }

    @Test
    void medianOfAnEvenCountAveragesTheTwoMiddleValues() {
        // {0,1,2,3} -> 1.5; {-2,0,2,6} -> 1; {0.25,0.5,0.75,1} -> 0.625; {-4,3,4,10} -> 3.5
        assertArrayEquals(new double[] {1.5, 1, 0.625, 3.5}, CoordinateMedian.of(List.of(A, B, C, D)));
    }

    @Test
    void trimmedMeanCutsEachEnd() {
        // trim 0.2 of 5 cuts 1 at each end: {-1,0,1,2,3} -> 1; {-2,0,1,2,6} -> 1;
        // {0,0.25,0.5,0.75,1} -> 0.5; {-4,3,4,5,10} -> 4
        assertArrayEquals(new double[] {1, 1, 0.5, 4}, TrimmedMean.of(List.of(A, B, C, D, E), 0.2));
    }

    @Test
    void trimmedMeanThatCutsNothingIsTheMean() {
        // floor(0.1 x 5) = 0: (1+3+2+0-1)/5, (-2+2+6+0+1)/5, 2.5/5, 18/5
        assertArrayEquals(new double[] {1, 1.4, 0.5, 3.6}, TrimmedMean.of(List.of(A, B, C, D, E), 0.1));
    }

    @Test
    void trimmedMeanRefusesToCutEverything() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrimmedMean.of(List.of(A, B), 0.5));
        assertTrue(e.getMessage().contains("none would remain"), e.getMessage());
        assertEquals(1, TrimmedMean.cutPerEnd(3, 0.5)); // 3 deltas: the median remains
        assertThrows(IllegalArgumentException.class, () -> TrimmedMean.cutPerEnd(5, 0.6));
    }

    private static final double[] K1 = {0, 0, 0, 0};
    private static final double[] K2 = {1, 0, 0, 0};
    private static final double[] K3 = {0, 1, 0, 0};
    private static final double[] K4 = {0, 0, 1, 0};
    private static final double[] LIAR = {100, 100, 100, 100};

    @Test
    void krumScoresSumTheNearestSquaredDistances() {
        double[][] dist = new double[5][5];
        Krum.addSquaredDistancesInPlace(dist, List.of(K1, K2, K3, K4, LIAR));
        assertEquals(2, dist[1][2]);
        assertEquals(99 * 99 + 3 * 100 * 100, dist[4][1]);
        // f = 1: the n - f - 2 = 2 nearest. K1: 1 + 1; K2..K4: 1 + 2; the liar: 39801 + 39801
        assertArrayEquals(new double[] {2, 3, 3, 3, 79602}, Krum.scores(dist, 1));
    }

    @Test
    void krumKeepsTheBestScoredDelta() {
        assertArrayEquals(K1, Krum.of(List.of(K1, K2, K3, K4, LIAR), 1, 1));
    }

    @Test
    void multiKrumAveragesTheBestAndBreaksTiesByIndex() {
        // m = 2: K1 and, of the tied K2..K4, K2
        assertArrayEquals(new double[] {0.5, 0, 0, 0}, Krum.of(List.of(K1, K2, K3, K4, LIAR), 1, 2));
        assertArrayEquals(new double[] {0.25, 0.25, 0.25, 0}, Krum.of(List.of(LIAR, K1, K2, K3, K4), 1, 4));
    }

    @Test
    void krumWithNoFaultsAssumedUsesTheNearestNeighbour() {
        // f = 0, n = 3: one neighbour. |A-B|^2 = 4+16+0.0625+64, |A-C|^2 = 1+64+0.0625+1, |B-C|^2 = 1+16+0.25+49;
        // scores 66.0625, 66.25, 66.0625: A and C tie, A comes first
        assertArrayEquals(A, Krum.of(List.of(A, B, C), 0, 1));
        assertArrayEquals(new double[] {1.5, 2, 0.625, 3.5}, Krum.of(List.of(A, B, C), 0, 2));
    }

    @Test
    void krumRefusesTooFewDeltasNamingNAndF() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Krum.of(List.of(K1, K2, K3, K4), 1, 1));
        assertTrue(e.getMessage().contains("n=4, f=1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Krum.best(new double[] {1, 2}, 3));
    }

    @Test
    void everyRuleRefusesMismatchedLengthsNamingBoth() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Mean.of(List.of(A, new double[] {1, 2, 3})));
        assertTrue(e.getMessage().contains("3 values") && e.getMessage().contains("4"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CoordinateMedian.of(List.of(A, new double[3])));
        assertThrows(IllegalArgumentException.class, () -> TrimmedMean.of(List.of(A, new double[3]), 0));
        assertThrows(IllegalArgumentException.class, () -> Krum.of(List.of(A, A, new double[3]), 0, 1));
    }

    @Test
    void everyRuleRefusesNaN() {
        double[] bad = {1, Double.NaN, 0, 0};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Mean.of(List.of(A, bad)));
        assertTrue(e.getMessage().contains("index 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CoordinateMedian.of(List.of(A, bad, B)));
        assertThrows(IllegalArgumentException.class, () -> WeightedMean.of(List.of(A, bad), new int[] {1, 1}));
        assertThrows(IllegalArgumentException.class, () -> Mean.of(List.of()));
    }

    @Test
    void inputsAreNotChanged() {
        double[] a = A.clone();
        double[] b = B.clone();
        double[] c = C.clone();
        TrimmedMean.of(List.of(c, a, b), 0.3);
        CoordinateMedian.of(List.of(c, a, b));
        Krum.of(List.of(c, a, b), 0, 2);
        assertArrayEquals(A, a);
        assertArrayEquals(B, b);
        assertArrayEquals(C, c);
    }
}
