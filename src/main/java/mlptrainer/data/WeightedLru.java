package mlptrainer.data;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A least-recently-used map bounded by entry count and by the summed weight (bytes) of its values,
 * so a cache of parsed data cannot grow past its share of the heap however large the files a
 * peer names. The newest entry is always kept, even when it alone is over the bound.
 * Thread-safe: every method synchronises on the map.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class WeightedLru<K, V> {
    private record Weighted<V>(V value, long weight) {
    }

    private final LinkedHashMap<K, Weighted<V>> map = new LinkedHashMap<>(16, 0.75f, true);
    private final int maxEntries;
    private final long maxWeight;
    private long weight;

    /**
     * @param maxEntries the most entries kept
     * @param maxWeight  the most summed weight kept, in bytes
     */
    public WeightedLru(int maxEntries, long maxWeight) {
        this.maxEntries = maxEntries;
        this.maxWeight = maxWeight;
    }

    /** Caches of parsed data take the heap divided by this by default. */
    public static final int HEAP_SHARE_DIVISOR = 4;

    /** @return the heap share used by default: a quarter of the JVM's maximum heap */
    public static long quarterOfHeap() {
        return Runtime.getRuntime().maxMemory() / HEAP_SHARE_DIVISOR;
    }

    /** @return the value, marking it recently used, or null */
    public synchronized V get(K key) {
        Weighted<V> w = map.get(key);
        return w == null ? null : w.value();
    }

    /** Adds or replaces the value, then evicts the least recently used entries beyond the bounds. */
    public synchronized void put(K key, V value, long valueWeight) {
        Weighted<V> old = map.put(key, new Weighted<>(value, valueWeight));
        weight += valueWeight - (old == null ? 0 : old.weight());
        Iterator<Map.Entry<K, Weighted<V>>> it = map.entrySet().iterator();
        while ((map.size() > maxEntries || weight > maxWeight) && map.size() > 1 && it.hasNext()) {
            Map.Entry<K, Weighted<V>> eldest = it.next();
            if (eldest.getKey().equals(key)) {
                continue;
            }
            weight -= eldest.getValue().weight();
            it.remove();
        }
    }

    public synchronized V remove(K key) {
        Weighted<V> w = map.remove(key);
        if (w == null) {
            return null;
        }
        weight -= w.weight();
        return w.value();
    }

    public synchronized int size() {
        return map.size();
    }

    /** @return the summed weight held now, in bytes */
    public synchronized long weight() {
        return weight;
    }
}
