package mlptrainer.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import mlptrainer.data.Dataset;
import mlptrainer.model.KernelAgreementTest.Pass;

/**
 * Issue 20, wide data: {@link WideKernel}'s blocked products give the bits of the scalar loops
 * (what {@code MLP_SCALAR_KERNEL=1} runs) on shapes with tails everywhere (inputs not a multiple
 * of four, hidden units not a multiple of a panel or a vector, batches not a multiple of a block,
 * evaluations of several chunks), and a training run agrees with the straightforward
 * implementation within 1e-9 relative.
 */
class WideKernelTest {
    private static final TrainingSettings SGD_33 =
            TrainingSettings.parse(Map.of("optimizer", "sgd", "batch_size", "33"));

    @Test
    void onlyWideInputsTakeTheWideKernelSoTheCoursePathKeepsItsKernel() {
        Workspace narrow = new Workspace(false);
        narrow.ensure(16, 24, 26);
        assertFalse(WideKernel.applies(narrow, 1500, true));
        Workspace wide = new Workspace(false);
        wide.ensure(784, 256, 10);
        assertTrue(WideKernel.applies(wide, 128, true));
        assertFalse(WideKernel.applies(wide, WideKernel.MAX_BATCH + 1, true), "a gradient of too many rows");
        assertTrue(WideKernel.applies(wide, 8000, false), "evaluation runs in chunks");
    }

    @Test
    void oneGradientPassGivesTheScalarKernelsBits() {
        Assumptions.assumeTrue(MlpKernel.VECTOR, "the vector kernel needs --add-modules jdk.incubator.vector");
        // {rows, d, h, k}, with AVX-512 (8 lanes, panels of 24 columns, tiles of 8 rows, pieces of 128 inputs):
        // 784 x 257 (panels end on a full one) with a batch of 33 (a last group of one row); 131 inputs (a last
        // piece of 3 and a last group of 3 inputs) with h below one panel (only the 2-vector tile); a batch of
        // exactly two groups with d exactly one piece; h 50 (a last panel of one vector) with fewer rows than a
        // group; h 40 (a last panel of two vectors) with d two whole pieces and a batch of 15
        int[][] shapes = {{33, 784, 257, 10}, {37, 131, 9, 3}, {16, 128, 24, 26}, {5, 200, 50, 7}, {15, 256, 40, 4}};
        for (int[] s : shapes) {
            Dataset data = pixels(s[0], s[1], s[3], s[1] + s[2]);
            MlpWeights weights = MlpWeights.initHe(s[1], s[2], s[3], s[0]);
            String what = "n=" + s[0] + " d=" + s[1] + " h=" + s[2] + " k=" + s[3];
            Workspace vector = loaded(weights, true);
            assertTrue(WideKernel.applies(vector, s[0], true), what + ": the wide kernel runs");
            assertSamePass(Pass.of(data, loaded(weights, false)), Pass.of(data, vector), what);
        }
    }

    @Test
    void trainingAndChunkedEvaluationGiveTheScalarKernelsBits() {
        Assumptions.assumeTrue(MlpKernel.VECTOR, "the vector kernel needs --add-modules jdk.incubator.vector");
        // 300 rows: batches of 33 with a last one of 3 (the scalar loops' small batch), and an
        // evaluation of three chunks, the last one short
        Dataset data = pixels(300, 784, 10, 3);
        MlpWeights initial = MlpWeights.initHe(784, 257, 10, 4);
        TaskOutcome scalar = new MiniBatchTrainer(new Workspace(false)).train(data, initial, 0.05, 1, SGD_33, 9);
        TaskOutcome vector = new MiniBatchTrainer(new Workspace(true)).train(data, initial, 0.05, 1, SGD_33, 9);
        assertArrayEquals(scalar.weights().w(), vector.weights().w(), 0.0, "W");
        assertArrayEquals(scalar.weights().v(), vector.weights().v(), 0.0, "V");
        assertEquals(scalar.loss(), vector.loss(), 0.0, "loss");
        assertEquals(scalar.trainingError(), vector.trainingError(), 0.0, "training error");
        assertFalse(Arrays.equals(initial.w(), vector.weights().w()), "the weights moved");
    }

    /** As MiniBatchTrainerTest's naive check, on wide rows: SGD is a naive course step of eta = lr / count per batch. */
    @Test
    void sgdOnWideRowsAgreesWithTheStraightforwardImplementation() {
        Dataset data = pixels(66, 784, 10, 5);
        MlpWeights initial = MlpWeights.initHe(784, 257, 10, 6);
        double lr = 0.05;
        long seed = 21;
        TaskOutcome fast = new MiniBatchTrainer().train(data, initial, lr, 1, SGD_33, seed);
        NaiveMlp naive = new NaiveMlp(initial);
        int[] order = new int[66];
        Arrays.setAll(order, i -> i);
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = order.length - 1; i > 0; i--) { // the trainer's documented shuffle
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        for (int from = 0; from < 66; from += 33) {
            Dataset batch = data.select(Arrays.copyOfRange(order, from, from + 33));
            naive.train(ModelFixtures.matrix(batch), batch.labelsUnsafe(), lr / 33, 1, false);
        }
        ModelFixtures.assertRelClose(naive.toWeights().w(), fast.weights().w(), 1e-9, "W");
        ModelFixtures.assertRelClose(naive.toWeights().v(), fast.weights().v(), 1e-9, "V");
        assertFalse(Arrays.equals(initial.v(), fast.weights().v()), "the weights moved");
    }

    /** n rows of d pixel-like features (integers 0..255 scaled to 0..1, about half of them zero), labels in [0, k). */
    static Dataset pixels(int n, int d, int k, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] x = new double[n * d];
        int[] labels = new int[n];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextBoolean() ? 0.0 : random.nextInt(256) / 255.0;
        }
        for (int i = 0; i < n; i++) {
            labels[i] = random.nextInt(k);
        }
        return new Dataset("pixels" + seed, d, x, labels, false);
    }

    private static Workspace loaded(MlpWeights weights, boolean vector) {
        Workspace ws = new Workspace(vector);
        ws.ensure(weights.inputs(), weights.hidden(), weights.classes());
        ws.load(weights);
        return ws;
    }

    /** The same loss, predictions and gradients to the bit (the real entries: padding is never read back). */
    private static void assertSamePass(Pass expected, Pass actual, String what) {
        assertEquals(expected.loss(), actual.loss(), 0.0, what + ": loss");
        assertArrayEquals(expected.predicted(), actual.predicted(), what + ": predictions");
        Workspace e = expected.ws();
        Workspace a = actual.ws();
        for (int i = 0; i < e.gw.length; i++) {
            assertArrayEquals(Arrays.copyOf(e.gw[i], e.h), Arrays.copyOf(a.gw[i], a.h), 0.0, what + ": gw row " + i);
        }
        for (int i = 0; i < e.gv.length; i++) {
            assertArrayEquals(Arrays.copyOf(e.gv[i], e.k), Arrays.copyOf(a.gv[i], a.k), 0.0, what + ": gv row " + i);
        }
    }
}
