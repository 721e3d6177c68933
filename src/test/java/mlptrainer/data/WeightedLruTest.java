package mlptrainer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class WeightedLruTest {
    @Test
    void evictsTheLeastRecentlyUsedBeyondTheWeightBound() {
        WeightedLru<String, String> lru = new WeightedLru<>(10, 100);
        lru.put("a", "A", 40);
        lru.put("b", "B", 40);
        lru.get("a");                  // a is now the most recently used
        lru.put("c", "C", 40);         // 120 > 100: b goes, a stays
        assertNull(lru.get("b"));
        assertEquals("A", lru.get("a"));
        assertEquals("C", lru.get("c"));
        assertEquals(80, lru.weight());
    }

    @Test
    void evictsBeyondTheEntryBoundAndKeepsANewEntryOverTheWeightBound() {
        WeightedLru<String, String> lru = new WeightedLru<>(2, 1000);
        lru.put("a", "A", 1);
        lru.put("b", "B", 1);
        lru.put("c", "C", 1);
        assertNull(lru.get("a"));
        assertEquals(2, lru.size());
        lru.put("huge", "H", 5000);    // alone over the bound: kept, everything older goes
        assertEquals("H", lru.get("huge"));
        assertEquals(1, lru.size());
        assertEquals(5000, lru.weight());
    }

    @Test
    void replacingAValueReplacesItsWeight() {
        WeightedLru<String, String> lru = new WeightedLru<>(10, 100);
        lru.put("a", "A", 30);
        lru.put("a", "A2", 50);
        assertEquals(50, lru.weight());
        assertEquals("A2", lru.remove("a"));
        assertEquals(0, lru.weight());
    }
}
