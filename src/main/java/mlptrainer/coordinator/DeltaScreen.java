package mlptrainer.coordinator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The relative check on a round's deltas, run once all of the round's results are in and before
 * they are averaged, so that arrival order and placement do not matter: a result whose size
 * exceeds {@link #FACTOR} times the round's typical size from OTHER nodes is refused. The typical
 * size is the median over those nodes of each node's median, so a node counts once however many
 * tasks it took (a rogue with many slots cannot move it), and never less than the previous round's
 * accepted median (rogues sending tiny deltas cannot lower it). Only the high side is checked: a
 * result can be refused for being too large, never too small.
 *
 * <p>Sizes are natural logarithms of the deltas' L2 norm divided by the task's first-order size
 * ({@link DeltaBound#logScale}), so that honest results of shards of different sizes, or of rounds
 * with another eta, compare; logarithms never overflow. Pure: no I/O, no state; thread-safe.
 */
final class DeltaScreen {
    /**
     * How many times the typical size a result may reach. Honest results of one round start from
     * the same weights with the same eta and epochs on shards of one data set, so they are of one
     * size (within a factor 1.5 in the course run on the letters data and in the settings tests);
     * an honest result far above the rest (a shard whose training diverges) is confirmed by a re-run.
     */
    static final double FACTOR = 100;
    private static final double LOG_FACTOR = Math.log(FACTOR);

    private DeltaScreen() {
    }

    /** One result of the round: its log size and the node that sent it (any key that identifies the node). */
    record Sent(double logSize, Object node) {
    }

    /**
     * @param results        the round's results, in shard order
     * @param previousMedian the previous round's accepted median log size, or NaN when there is none
     * @return for each result, the typical log size it is compared with (NaN when there is nothing
     *         to compare with); the result is refused when it exceeds that by more than log FACTOR
     */
    static double[] typicalSizes(List<Sent> results, double previousMedian) {
        Map<Object, List<Double>> byNode = new HashMap<>();
        results.forEach(r -> byNode.computeIfAbsent(r.node(), n -> new ArrayList<>()).add(r.logSize()));
        Map<Object, Double> nodeMedians = new HashMap<>();
        byNode.forEach((node, sizes) -> nodeMedians.put(node, median(sizes)));
        double[] typical = new double[results.size()];
        for (int i = 0; i < typical.length; i++) {
            Object sender = results.get(i).node();
            List<Double> others = new ArrayList<>();
            nodeMedians.forEach((node, m) -> {
                if (!node.equals(sender)) {
                    others.add(m);
                }
            });
            double fromOthers = others.isEmpty() ? Double.NaN : median(others);
            typical[i] = Double.isNaN(previousMedian) ? fromOthers
                    : Double.isNaN(fromOthers) ? previousMedian : Math.max(fromOthers, previousMedian);
        }
        return typical;
    }

    /** @return true when the size is more than FACTOR times the typical size (never when there is none) */
    static boolean implausible(double logSize, double typical) {
        return !Double.isNaN(typical) && logSize > LOG_FACTOR + typical;
    }

    /**
     * @return the median (the mean of the two middle values for an even count: of logarithms, the
     *         geometric mean of the sizes); NaN for none
     */
    static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
