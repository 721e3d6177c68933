package mlptrainer.letters;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The shard splits on synthetic rows: every row once, no empty shard, seeded, and as non-IID as asked. */
class ShardSplitTest {
    private static final int LABELS = 26;

    /** Rows of 26 labels, {@code perLabel} each, with distinct attributes so that rows can be told apart. */
    private static List<int[]> rows(int perLabel) {
        List<int[]> rows = new ArrayList<>();
        Random random = new Random(1);
        for (int i = 0; i < perLabel * LABELS; i++) {
            int[] row = new int[RowFormat.FIELDS];
            for (int f = 0; f < Features.COUNT; f++) {
                row[f] = random.nextInt(16);
            }
            row[Features.COUNT] = i % LABELS;
            rows.add(row);
        }
        return rows;
    }

    private static List<String> asStrings(List<int[]> rows) {
        List<String> out = new ArrayList<>();
        rows.forEach(r -> out.add(Arrays.toString(r)));
        out.sort(null);
        return out;
    }

    private static void assertEveryRowOnceNoShardEmpty(List<int[]> rows, List<List<int[]>> shards, int count) {
        assertEquals(count, shards.size());
        List<int[]> union = new ArrayList<>();
        for (List<int[]> shard : shards) {
            assertFalse(shard.isEmpty(), "no shard is empty");
            union.addAll(shard);
        }
        assertEquals(asStrings(rows), asStrings(union), "the shards together are the input, as multisets");
    }

    private static int labelsOf(List<int[]> shard) {
        Set<Integer> labels = new HashSet<>();
        shard.forEach(r -> labels.add(r[Features.COUNT]));
        return labels.size();
    }

    @Test
    void dirichletKeepsEveryRowAndSmallAlphaConcentratesLabels() {
        List<int[]> rows = rows(60);
        List<List<int[]>> sparse = ShardSplit.split(rows, new ShardSplit.Options(ShardSplit.Mode.DIRICHLET, 11,
                3L, 0.1, 0));
        List<List<int[]>> dense = ShardSplit.split(rows, new ShardSplit.Options(ShardSplit.Mode.DIRICHLET, 11,
                3L, 100, 0));
        assertEveryRowOnceNoShardEmpty(rows, sparse, 11);
        assertEveryRowOnceNoShardEmpty(rows, dense, 11);
        double sparseLabels = sparse.stream().mapToInt(ShardSplitTest::labelsOf).average().orElseThrow();
        double denseLabels = dense.stream().mapToInt(ShardSplitTest::labelsOf).average().orElseThrow();
        assertTrue(sparseLabels < 13, "alpha 0.1: few labels per shard, got " + sparseLabels);
        assertTrue(denseLabels > 24, "alpha 100: nearly every label in every shard, got " + denseLabels);
        int[] sizes = sparse.stream().mapToInt(List::size).toArray();
        assertNotEquals(Arrays.stream(sizes).min(), Arrays.stream(sizes).max(), "shard sizes differ");
    }

    @Test
    void sameSeedSameShardsOtherSeedOthers() {
        List<int[]> rows = rows(20);
        ShardSplit.Options o = new ShardSplit.Options(ShardSplit.Mode.DIRICHLET, 5, 9L, 0.5, 0);
        List<List<int[]>> a = ShardSplit.split(rows, o);
        List<List<int[]>> b = ShardSplit.split(rows, o);
        for (int s = 0; s < a.size(); s++) {
            assertArrayEquals(a.get(s).toArray(), b.get(s).toArray(), "shard " + s);
        }
        List<List<int[]>> c = ShardSplit.split(rows, new ShardSplit.Options(ShardSplit.Mode.DIRICHLET, 5, 10L, 0.5, 0));
        assertNotEquals(a.stream().map(List::size).toList(), c.stream().map(List::size).toList());
    }

    @Test
    void labelsModeHoldsAtMostTheLabelsAsked() {
        List<int[]> rows = rows(30);
        for (int perShard : new int[] {1, 2}) {
            int shards = perShard == 1 ? 26 : 13;
            List<List<int[]>> split = ShardSplit.split(rows, new ShardSplit.Options(ShardSplit.Mode.LABELS, shards,
                    4L, 0, perShard));
            assertEveryRowOnceNoShardEmpty(rows, split, shards);
            for (List<int[]> shard : split) {
                assertEquals(perShard, labelsOf(shard), "labels of a shard");
            }
        }
        List<List<int[]>> more = ShardSplit.split(rows, new ShardSplit.Options(ShardSplit.Mode.LABELS, 40, 4L, 0, 2));
        assertEveryRowOnceNoShardEmpty(rows, more, 40);
        more.forEach(shard -> assertTrue(labelsOf(shard) <= 2));
    }

    @Test
    void labelsModeRefusesMoreLabelsThanSlots() {
        LettersInputException e = assertThrows(LettersInputException.class, () -> ShardSplit.split(rows(3),
                new ShardSplit.Options(ShardSplit.Mode.LABELS, 11, 1L, 0, 2)));
        assertEquals("--labels-per-shard 2 with 11 shards holds at most 22 labels, but the rows have 26: use at "
                + "least 13 shards or --mode dirichlet", e.getMessage());
    }

    @Test
    void emptyShardsAreFilledFromTheLargest() {
        // 30 rows of one label over 25 shards at alpha 0.01: draws put nearly everything on one shard
        List<int[]> rows = rows(30).stream().filter(r -> r[Features.COUNT] == 0).toList();
        assertEquals(30, rows.size());
        List<List<int[]>> split = ShardSplit.split(rows, new ShardSplit.Options(ShardSplit.Mode.DIRICHLET, 25, 1L,
                0.01, 0));
        assertEveryRowOnceNoShardEmpty(rows, split, 25);
    }

    @Test
    void shuffledIsTheEvenSplit() {
        List<int[]> rows = rows(1).subList(0, 10);
        List<List<int[]>> split = ShardSplit.split(rows, ShardSplit.Options.shuffled(4, null));
        assertEquals(List.of(3, 3, 2, 2), split.stream().map(List::size).toList());
        assertEquals(rows, split.stream().flatMap(List::stream).toList(), "no seed: the order is kept");
    }

    @Test
    void largestRemainderGivesEveryRow() {
        assertArrayEquals(new int[] {3, 3, 4}, ShardSplit.largestRemainder(10, new double[] {0.3, 0.3, 0.4}));
        assertArrayEquals(new int[] {1, 1, 0}, ShardSplit.largestRemainder(2, new double[] {0.34, 0.33, 0.33}));
        assertArrayEquals(new int[] {0, 7}, ShardSplit.largestRemainder(7, new double[] {0, 1}));
    }

    @Test
    void badOptionsAreRefused() {
        assertEquals("--alpha must be a finite number > 0, got 0.0", assertThrows(IllegalArgumentException.class,
                () -> new ShardSplit.Options(ShardSplit.Mode.DIRICHLET, 3, 1L, 0, 0)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ShardSplit.Options(ShardSplit.Mode.DIRICHLET, 3, 1L,
                -0.5, 0));
        assertThrows(IllegalArgumentException.class, () -> new ShardSplit.Options(ShardSplit.Mode.LABELS, 3, 1L, 0, 3));
        assertTrue(assertThrows(LettersInputException.class, () -> ShardSplit.split(rows(1).subList(0, 2),
                ShardSplit.Options.shuffled(3, null))).getMessage().contains("too few"));
    }
}
