package mlptrainer.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SchedulingPolicyTest {
    private static List<NodeHandle> nodes(int n) {
        List<NodeHandle> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new NodeHandle(new NodeAddress("h", 9000 + i), i));
        }
        return out;
    }

    @Test
    void roundRobinGoesInListOrderAndWraps() {
        List<NodeHandle> all = nodes(3);
        SchedulingPolicy p = SchedulingPolicy.of(3, 0);
        List<Integer> chosen = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            chosen.add(p.choose(all).index());
        }
        assertEquals(List.of(0, 1, 2, 0, 1, 2, 0), chosen);
        assertEquals(3, p.number());
    }

    @Test
    void roundRobinSkipsBusyNodesAndContinuesAfterTheLastChosen() {
        List<NodeHandle> all = nodes(4);
        SchedulingPolicy p = SchedulingPolicy.of(3, 0);
        assertEquals(0, p.choose(all).index());
        // node 1 is busy: the next free one after 0 is 2
        assertEquals(2, p.choose(List.of(all.get(0), all.get(2), all.get(3))).index());
        // after 2, only 0 and 1 are free: none after 2, so wrap to the first free
        assertEquals(0, p.choose(List.of(all.get(0), all.get(1))).index());
        // after 0, the next is 1 even if 3 is also free
        assertEquals(1, p.choose(List.of(all.get(1), all.get(3))).index());
        assertEquals(2, p.choose(all).index());
    }

    @Test
    void randomPoliciesChooseOnlyFreeNodesAndRepeatForASeed() {
        for (int number : new int[] {1, 2}) {
            List<NodeHandle> all = nodes(5);
            List<NodeHandle> free = List.of(all.get(1), all.get(3), all.get(4));
            SchedulingPolicy a = SchedulingPolicy.of(number, 99);
            SchedulingPolicy b = SchedulingPolicy.of(number, 99);
            Set<Integer> seen = new HashSet<>();
            for (int i = 0; i < 200; i++) {
                NodeHandle x = a.choose(free);
                assertTrue(free.contains(x));
                assertEquals(x, b.choose(free), "same seed, same choices");
                seen.add(x.index());
            }
            assertEquals(Set.of(1, 3, 4), seen, "every free node gets picked sometimes");
            assertEquals(number, a.number());
        }
    }

    @Test
    void unknownPolicyIsRefusedWithTheChoices() {
        for (int bad : new int[] {0, 4, -1}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SchedulingPolicy.of(bad, 0));
            assertTrue(e.getMessage().contains("got " + bad) && e.getMessage().contains("round-robin"),
                    e.getMessage());
        }
    }
}
