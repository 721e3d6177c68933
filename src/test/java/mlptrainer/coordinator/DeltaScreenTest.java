package mlptrainer.coordinator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The relative check on a round's deltas, with hand-computed medians (sizes given and read as plain numbers). */
class DeltaScreenTest {
    private static DeltaScreen.Sent sent(double size, String node) {
        return new DeltaScreen.Sent(Math.log(size), node);
    }

    private static double[] typical(List<DeltaScreen.Sent> round, double previousMedian) {
        double[] logs = DeltaScreen.typicalSizes(round, Math.log(previousMedian));
        double[] out = new double[logs.length];
        for (int i = 0; i < logs.length; i++) {
            out[i] = Math.exp(logs[i]);
        }
        return out;
    }

    private static boolean implausible(double size, double typical) {
        return DeltaScreen.implausible(Math.log(size), Math.log(typical));
    }

    @Test
    void eachResultIsComparedWithTheMedianOfTheOtherNodesMedians() {
        // node medians (of logarithms: geometric means): A (1, 3) -> sqrt(3), B -> 2, C -> 1000
        List<DeltaScreen.Sent> round = List.of(sent(1, "A"), sent(3, "A"), sent(2, "B"), sent(1000, "C"));
        double[] typical = typical(round, Double.NaN);
        // A: B's 2 and C's 1000 -> sqrt(2000) = 44.72; B: sqrt(sqrt(3) 1000) = 41.62; C: sqrt(2 sqrt(3)) = 1.861
        assertArrayEquals(new double[] {44.7214, 44.7214, 41.6179, 1.8612}, typical, 1e-4);
        assertTrue(implausible(1000, typical[3]), "1000 > 100 * 1.861");
        assertFalse(implausible(3, typical[1]));
    }

    @Test
    void aNodeWithManyTasksCountsOnceSoItCannotMoveTheMedian() {
        List<DeltaScreen.Sent> round = List.of(sent(500, "R"), sent(1, "A"), sent(500, "R"), sent(1.2, "B"),
                sent(500, "R"), sent(500, "R"));
        double[] typical = typical(round, Double.NaN);
        assertEquals(Math.sqrt(1.2), typical[0], 1e-12); // median of A's 1 and B's 1.2: sqrt(1 * 1.2)
        assertTrue(implausible(500, typical[0]));
        assertEquals(Math.sqrt(600), typical[1], 1e-9); // median of R's 500 and B's 1.2: A is far below its bar
        assertFalse(implausible(1, typical[1]));
    }

    @Test
    void aSingleNodeIsComparedWithThePreviousRoundAndNothingWhenThereIsNone() {
        List<DeltaScreen.Sent> round = List.of(sent(1, "A"), sent(2, "A"), sent(300, "A"));
        assertArrayEquals(new double[] {1.5, 1.5, 1.5}, typical(round, 1.5), 1e-12);
        assertTrue(implausible(300, 1.5), "300 > 100 * 1.5");
        assertFalse(implausible(2, 1.5));
        double[] none = typical(round, Double.NaN);
        assertTrue(Double.isNaN(none[2]));
        assertFalse(implausible(300, none[2]), "nothing to compare with refuses nothing");
    }

    @Test
    void tinyResultsCannotLowerTheBarBelowThePreviousRoundsMedian() {
        // a node sending zeros beside an honest one: the honest result is compared with max(0, 0.8)
        List<DeltaScreen.Sent> round = List.of(sent(1e-300, "Z"), sent(1, "A"), sent(1e-300, "Z"));
        double[] typical = typical(round, 0.8);
        assertEquals(0.8, typical[1], 1e-12);
        assertFalse(implausible(1, typical[1]));
        assertFalse(implausible(1e-300, typical[0]), "only the high side is checked");
    }

    @Test
    void medianOfOddAndEvenCounts() {
        assertEquals(2, DeltaScreen.median(List.of(3.0, 1.0, 2.0)), 0);
        assertEquals(2.5, DeltaScreen.median(List.of(4.0, 1.0, 2.0, 3.0)), 0);
        assertTrue(Double.isNaN(DeltaScreen.median(List.of())));
    }
}
