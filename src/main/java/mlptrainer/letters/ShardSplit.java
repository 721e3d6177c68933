package mlptrainer.letters;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

/**
 * Divides training rows among shards, evenly or not independently and identically distributed (non-IID),
 * for experiments with aggregation strategies. Every row goes to exactly one shard, and no shard is empty.
 * The result depends only on the rows (in order) and the options: same input, same shards.
 *
 * <ul>
 * <li>{@link Mode#SHUFFLED}: the original's split, the rows in their order (or shuffled first with a
 *     seed) divided into runs of equal size, earlier shards taking one row more when they do not divide.</li>
 * <li>{@link Mode#DIRICHLET}: for each label, the proportions of its rows that go to each shard are a
 *     Dirichlet(alpha, ..., alpha) draw over the shards (the partition of Hsu et al. 2019, "Measuring the
 *     effects of non-identical data distribution", and Flower's DirichletPartitioner). A small alpha puts each
 *     label on few shards, so each shard holds few labels; a large alpha approaches the shuffled split.
 *     Shard sizes differ. Counts are rounded by largest remainder (ties to the lower shard).</li>
 * <li>{@link Mode#LABELS}: each shard holds at most one or two labels (McMahan et al. 2017's pathological
 *     split): the labels, in an order drawn from the seed, are dealt round-robin to shards x labelsPerShard
 *     slots, and each label's rows are divided evenly among its slots. Needs shards x labelsPerShard &gt;= the
 *     number of labels, or some label would have nowhere to go.</li>
 * </ul>
 * Rows of one label are shuffled before they are dealt, and each shard's rows are shuffled at the end,
 * both from the seed. A Dirichlet draw that leaves a shard empty is drawn again, up to {@link #MAX_DRAWS}
 * times; a shard still empty after that (or under {@link Mode#LABELS}, a slot of a label with fewer rows than
 * slots) gets one row from the largest shard, which keeps that shard's labels and gives the empty one a single
 * label. Pure; thread-safe.
 */
public final class ShardSplit {
    /** Dirichlet draws tried before an empty shard is filled from the largest. */
    static final int MAX_DRAWS = 100;

    /** How rows are dealt to shards. */
    public enum Mode { SHUFFLED, DIRICHLET, LABELS }

    /**
     * @param mode           how
     * @param shards         number of shards, at least 1
     * @param seed           the shuffle's seed (SHUFFLED: null keeps the order), or the draws' (the others)
     * @param alpha          the Dirichlet concentration, finite and &gt; 0 (DIRICHLET only)
     * @param labelsPerShard 1 or 2 (LABELS only)
     */
    public record Options(Mode mode, int shards, Long seed, double alpha, int labelsPerShard) {
        /** @throws IllegalArgumentException naming the bad option */
        public Options {
            if (shards < 1) {
                throw new IllegalArgumentException("--shards must be at least 1, got " + shards);
            }
            if (mode != Mode.SHUFFLED && seed == null) {
                throw new IllegalArgumentException("--mode " + name(mode) + " needs a seed");
            }
            if (mode == Mode.DIRICHLET && !(alpha > 0 && Double.isFinite(alpha))) {
                throw new IllegalArgumentException("--alpha must be a finite number > 0, got " + alpha);
            }
            if (mode == Mode.LABELS && (labelsPerShard < 1 || labelsPerShard > 2)) {
                throw new IllegalArgumentException("--labels-per-shard must be 1 or 2, got " + labelsPerShard);
            }
        }

        /** The original's split: even runs, shuffled first when {@code seed} is not null. */
        public static Options shuffled(int shards, Long seed) {
            return new Options(Mode.SHUFFLED, shards, seed, 0, 0);
        }
    }

    private ShardSplit() {
    }

    /** @return the mode's name as the command line spells it */
    public static String name(Mode mode) {
        return mode.name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * @param rows each 16 attributes then the label (not changed; the shards hold the same arrays)
     * @return the shards, in order; together they hold every row exactly once
     * @throws LettersInputException when the rows cannot be split so (fewer rows than shards, or more labels
     *                               than LABELS's slots)
     */
    public static List<List<int[]>> split(List<int[]> rows, Options o) {
        if (rows.size() < o.shards()) {
            throw new LettersInputException(rows.size() + " training rows are too few for " + o.shards()
                    + " shards of at least one row");
        }
        if (o.mode() == Mode.SHUFFLED) {
            return even(rows, o);
        }
        Random random = new Random(o.seed());
        List<List<int[]>> byLabel = byLabel(rows, random);
        int[][] counts = o.mode() == Mode.DIRICHLET ? dirichletCounts(byLabel, o, random)
                : labelCounts(byLabel, o, random);
        fillEmptyShards(counts);
        return deal(byLabel, counts, random);
    }

    private static List<List<int[]>> even(List<int[]> rows, Options o) {
        List<int[]> ordered = new ArrayList<>(rows);
        if (o.seed() != null) {
            shuffle(ordered, new Random(o.seed()));
        }
        List<List<int[]>> shards = new ArrayList<>();
        int from = 0;
        for (int s = 0; s < o.shards(); s++) {
            int size = rows.size() / o.shards() + (s < rows.size() % o.shards() ? 1 : 0);
            shards.add(new ArrayList<>(ordered.subList(from, from + size)));
            from += size;
        }
        return shards;
    }

    /** @return the rows of each label present, labels in increasing order, each list shuffled */
    private static List<List<int[]>> byLabel(List<int[]> rows, Random random) {
        TreeMap<Integer, List<int[]>> labels = new TreeMap<>();
        rows.forEach(r -> labels.computeIfAbsent(r[Features.COUNT], l -> new ArrayList<>()).add(r));
        List<List<int[]>> out = new ArrayList<>(labels.values());
        out.forEach(l -> shuffle(l, random));
        return out;
    }

    /** @return counts[label][shard] from Dirichlet draws, drawn again while a shard is empty (bounded) */
    private static int[][] dirichletCounts(List<List<int[]>> byLabel, Options o, Random random) {
        Dirichlet dirichlet = new Dirichlet(random.nextLong());
        double[] alpha = new double[o.shards()];
        Arrays.fill(alpha, o.alpha());
        int[][] counts = new int[byLabel.size()][];
        for (int draw = 0; draw < MAX_DRAWS; draw++) {
            for (int l = 0; l < counts.length; l++) {
                counts[l] = largestRemainder(byLabel.get(l).size(), dirichlet.sample(alpha));
            }
            if (emptyShard(counts) < 0) {
                break;
            }
        }
        return counts;
    }

    /** @return counts[label][shard] for LABELS: labels dealt round-robin to slots, rows evenly among slots */
    private static int[][] labelCounts(List<List<int[]>> byLabel, Options o, Random random) {
        int slots = o.shards() * o.labelsPerShard();
        if (slots < byLabel.size()) {
            throw new LettersInputException("--labels-per-shard " + o.labelsPerShard() + " with " + o.shards()
                    + " shards holds at most " + slots + " labels, but the rows have " + byLabel.size()
                    + ": use at least " + ceilDiv(byLabel.size(), o.labelsPerShard()) + " shards"
                    + (o.labelsPerShard() == 1 ? ", 2 labels per shard," : "") + " or --mode dirichlet");
        }
        List<Integer> order = new ArrayList<>();
        for (int l = 0; l < byLabel.size(); l++) {
            order.add(l);
        }
        shuffle(order, random);
        List<List<Integer>> slotsOfLabel = new ArrayList<>();
        byLabel.forEach(l -> slotsOfLabel.add(new ArrayList<>()));
        for (int slot = 0; slot < slots; slot++) {
            slotsOfLabel.get(order.get(slot % order.size())).add(slot / o.labelsPerShard());
        }
        int[][] counts = new int[byLabel.size()][o.shards()];
        for (int l = 0; l < counts.length; l++) {
            List<Integer> shardsOfSlots = slotsOfLabel.get(l);
            int n = byLabel.get(l).size();
            for (int i = 0; i < shardsOfSlots.size(); i++) {
                counts[l][shardsOfSlots.get(i)] += n / shardsOfSlots.size() + (i < n % shardsOfSlots.size() ? 1 : 0);
            }
        }
        return counts;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    /** @return n divided in these proportions: floors, then one more to the largest remainders (lower index first) */
    static int[] largestRemainder(int n, double[] proportions) {
        int[] counts = new int[proportions.length];
        double[] remainder = new double[proportions.length];
        int given = 0;
        for (int i = 0; i < counts.length; i++) {
            double exact = proportions[i] * n;
            counts[i] = (int) Math.min(n, Math.floor(exact));
            remainder[i] = exact - counts[i];
            given += counts[i];
        }
        for (; given < n; given++) {
            int best = 0;
            for (int i = 1; i < counts.length; i++) {
                if (remainder[i] > remainder[best]) {
                    best = i;
                }
            }
            counts[best]++;
            remainder[best] = Double.NEGATIVE_INFINITY;
        }
        for (; given > n; given--) { // rounding of proportions summing a hair above 1
            int most = indexOfMost(counts);
            counts[most]--;
        }
        return counts;
    }

    /** Gives each empty shard one row from the shard with the most rows (its most frequent label). */
    private static void fillEmptyShards(int[][] counts) {
        for (int empty = emptyShard(counts); empty >= 0; empty = emptyShard(counts)) {
            int[] totals = totals(counts);
            int donor = indexOfMost(totals);
            int label = 0;
            for (int l = 1; l < counts.length; l++) {
                if (counts[l][donor] > counts[label][donor]) {
                    label = l;
                }
            }
            counts[label][donor]--;
            counts[label][empty]++;
        }
    }

    /** @return the first shard with no rows, or -1 */
    private static int emptyShard(int[][] counts) {
        int[] totals = totals(counts);
        for (int s = 0; s < totals.length; s++) {
            if (totals[s] == 0) {
                return s;
            }
        }
        return -1;
    }

    private static int[] totals(int[][] counts) {
        int[] totals = new int[counts[0].length];
        for (int[] label : counts) {
            for (int s = 0; s < totals.length; s++) {
                totals[s] += label[s];
            }
        }
        return totals;
    }

    /** @return the index of the largest value, the lowest on ties */
    private static int indexOfMost(int[] values) {
        int most = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[most]) {
                most = i;
            }
        }
        return most;
    }

    /** Each label's rows in runs, shard after shard; then each shard's rows are shuffled. */
    private static List<List<int[]>> deal(List<List<int[]>> byLabel, int[][] counts, Random random) {
        List<List<int[]>> shards = new ArrayList<>();
        for (int s = 0; s < counts[0].length; s++) {
            shards.add(new ArrayList<>());
        }
        for (int l = 0; l < byLabel.size(); l++) {
            int from = 0;
            for (int s = 0; s < shards.size(); s++) {
                shards.get(s).addAll(byLabel.get(l).subList(from, from + counts[l][s]));
                from += counts[l][s];
            }
        }
        shards.forEach(shard -> shuffle(shard, random));
        return shards;
    }

    /** Fisher-Yates from the last element down, as {@link java.util.Collections#shuffle} documents it. */
    static <T> void shuffle(List<T> list, Random random) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            T t = list.get(i);
            list.set(i, list.get(j));
            list.set(j, t);
        }
    }
}
