package mlptrainer.coordinator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The relative check on a round's deltas, with hand-computed medians. */
class DeltaScreenTest {
    private static DeltaScreen.Sent sent(double norm, String node) {
        return new DeltaScreen.Sent(norm, node);
    }

    @Test
    void eachResultIsComparedWithTheMedianOfTheOtherNodesMedians() {
        // node medians: A (1, 3) -> 2, B -> 2, C -> 1000
        List<DeltaScreen.Sent> round = List.of(sent(1, "A"), sent(3, "A"), sent(2, "B"), sent(1000, "C"));
        double[] typical = DeltaScreen.typicalNorms(round, Double.NaN);
        // A and B: the other two nodes' medians are 2 and 1000, whose median is 501; C: 2 and 2
        assertArrayEquals(new double[] {501, 501, 501, 2}, typical, 0);
        assertTrue(DeltaScreen.implausible(1000, typical[3]), "1000 > 100 * 2");
        assertFalse(DeltaScreen.implausible(3, typical[1]));
    }

    @Test
    void aNodeWithManyTasksCountsOnceSoItCannotMoveTheMedian() {
        List<DeltaScreen.Sent> round = List.of(sent(500, "R"), sent(1, "A"), sent(500, "R"), sent(1.2, "B"),
                sent(500, "R"), sent(500, "R"));
        double[] typical = DeltaScreen.typicalNorms(round, Double.NaN);
        assertEquals(1.1, typical[0], 1e-12); // median of A's 1 and B's 1.2
        assertTrue(DeltaScreen.implausible(500, typical[0]));
        assertEquals(250.6, typical[1], 1e-12); // median of R's 500 and B's 1.2: A is far below its bar
        assertFalse(DeltaScreen.implausible(1, typical[1]));
    }

    @Test
    void aSingleNodeIsComparedWithThePreviousRoundAndNothingWhenThereIsNone() {
        List<DeltaScreen.Sent> round = List.of(sent(1, "A"), sent(2, "A"), sent(300, "A"));
        assertArrayEquals(new double[] {1.5, 1.5, 1.5}, DeltaScreen.typicalNorms(round, 1.5), 0);
        assertTrue(DeltaScreen.implausible(300, 1.5), "300 > 100 * 1.5");
        assertFalse(DeltaScreen.implausible(2, 1.5));
        double[] none = DeltaScreen.typicalNorms(round, Double.NaN);
        assertTrue(Double.isNaN(none[2]));
        assertFalse(DeltaScreen.implausible(300, none[2]), "nothing to compare with refuses nothing");
    }

    @Test
    void tinyResultsCannotLowerTheBarBelowThePreviousRoundsMedian() {
        // a node sending zeros beside an honest one: the honest result is compared with max(0, 0.8)
        List<DeltaScreen.Sent> round = List.of(sent(0, "Z"), sent(1, "A"), sent(0, "Z"));
        double[] typical = DeltaScreen.typicalNorms(round, 0.8);
        assertEquals(0.8, typical[1], 0);
        assertFalse(DeltaScreen.implausible(1, typical[1]));
        assertFalse(DeltaScreen.implausible(0, typical[0]), "only the high side is checked");
    }

    @Test
    void medianOfOddAndEvenCounts() {
        assertEquals(2, DeltaScreen.median(List.of(3.0, 1.0, 2.0)), 0);
        assertEquals(2.5, DeltaScreen.median(List.of(4.0, 1.0, 2.0, 3.0)), 0);
        assertTrue(Double.isNaN(DeltaScreen.median(List.of())));
    }
}
