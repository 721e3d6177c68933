package mlptrainer.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import mlptrainer.data.Dataset;

/**
 * Issue 4: the vector kernel and the scalar kernel give the same bits (so a job repeats whichever
 * kernel each node runs), and {@link Exp} is an accurate exponential.
 */
class KernelAgreementTest {

    @Test
    void vectorAndScalarKernelsTrainTheSameBitsForSeveralShapes() {
        Assumptions.assumeTrue(MlpKernel.VECTOR, "the vector kernel needs --add-modules jdk.incubator.vector");
        // row counts with and without a partial last block; h and k below, at and above a vector
        int[][] shapes = {{203, 16, 24, 26}, {64, 3, 5, 3}, {17, 7, 37, 11}, {130, 16, 8, 8}};
        for (int[] s : shapes) {
            Dataset data = ModelFixtures.randomDataset(s[0], s[1], s[3], s[0] + s[2]);
            MlpWeights initial = MlpWeights.initUniform(s[1], s[2], s[3], 7);
            String what = "n=" + s[0] + " d=" + s[1] + " h=" + s[2] + " k=" + s[3];
            TaskOutcome scalar = new CourseTrainer(new Workspace(false)).train(data, initial, 1e-3, 30, false);
            TaskOutcome vector = new CourseTrainer(new Workspace(true)).train(data, initial, 1e-3, 30, false);
            assertSameOutcome(scalar, vector, what + " course");
            TrainingSettings adam = TrainingSettings.parse(Map.of("optimizer", "adam", "batch_size", "6"));
            TaskOutcome scalarAdam = new MiniBatchTrainer(new Workspace(false)).train(data, initial, 1e-2, 3, adam, 5);
            TaskOutcome vectorAdam = new MiniBatchTrainer(new Workspace(true)).train(data, initial, 1e-2, 3, adam, 5);
            assertSameOutcome(scalarAdam, vectorAdam, what + " adam");
        }
    }

    @Test
    void vectorAndScalarKernelsTrainTheSameBitsOnTheFastPresetsShape() {
        Assumptions.assumeTrue(MlpKernel.VECTOR, "the vector kernel needs --add-modules jdk.incubator.vector");
        // the fast preset: batches of 16 (one block each, and a 12-row tail), h 384 (64 tiles of six
        // hidden units), k 26 (classes over whole vectors plus padding), momentum, smoothing and noise
        Dataset data = ModelFixtures.randomDataset(92, 16, 26, 21);
        MlpWeights initial = MlpWeights.initHe(16, 384, 26, 4);
        TrainingSettings fast = TrainingSettings.parse(Map.of("optimizer", "momentum", "batch_size", "16",
                "weight_decay", "0.0005", "label_smoothing", "0.1", "input_noise", "0.1"));
        TaskOutcome scalar = new MiniBatchTrainer(new Workspace(false)).train(data, initial, 0.1, 2, fast, 9);
        TaskOutcome vector = new MiniBatchTrainer(new Workspace(true)).train(data, initial, 0.1, 2, fast, 9);
        assertSameOutcome(scalar, vector, "fast preset's shape");
        assertTrue(!Arrays.equals(initial.v(), vector.weights().v()), "the weights moved");
    }

    @Test
    void vectorAndScalarKernelsAgreeWhereTheExponentialLeavesItsRange() {
        Assumptions.assumeTrue(MlpKernel.VECTOR, "the vector kernel needs --add-modules jdk.incubator.vector");
        Dataset data = ModelFixtures.randomDataset(45, 5, 7, 3);
        // 5000: outputs tens of thousands apart, so exponents below -708 (Math.exp's subnormals and zeros);
        // 1e200: infinite outputs, so inf - inf = NaN reaches the exponential
        for (double scale : new double[] {5000, 1e200}) {
            MlpWeights w = MlpWeights.initUniform(5, 9, 7, 3);
            MlpWeights big = new MlpWeights(5, 9, 7, times(w.w(), scale), times(w.v(), scale));
            Pass scalar = Pass.of(data, big, false);
            Pass vector = Pass.of(data, big, true);
            String what = "scale " + scale;
            assertEquals(scalar.loss, vector.loss, 0.0, what + ": loss");
            assertArrayEquals(scalar.predicted, vector.predicted, what + ": predictions");
            // the real entries: the padding past h and k is never read back into a weight
            for (int i = 0; i < scalar.ws.gw.length; i++) {
                assertArrayEquals(Arrays.copyOf(scalar.ws.gw[i], 9), Arrays.copyOf(vector.ws.gw[i], 9), 0.0,
                        what + ": gw row " + i);
            }
            for (int i = 0; i < scalar.ws.gv.length; i++) {
                assertArrayEquals(Arrays.copyOf(scalar.ws.gv[i], 7), Arrays.copyOf(vector.ws.gv[i], 7), 0.0,
                        what + ": gv row " + i);
            }
        }
    }

    @Test
    void boundRowsGiveTheSameBitsAsCopiedRowsAndOtherArraysAreStillCopied() {
        Assumptions.assumeTrue(MlpKernel.VECTOR, "the vector kernel needs --add-modules jdk.incubator.vector");
        Dataset data = ModelFixtures.randomDataset(203, 16, 26, 11);
        Dataset other = ModelFixtures.randomDataset(203, 16, 26, 12);
        MlpWeights weights = MlpWeights.initUniform(16, 24, 26, 5);
        Workspace bound = new Workspace(true);
        bound.ensure(16, 24, 26);
        bound.load(weights);
        bound.bindRows(data.featuresUnsafe());
        assertSamePass(Pass.of(data, weights, true), Pass.of(data, bound), "bound rows");
        // still bound to data: a different array of the same shape must not be read from the binding
        assertSamePass(Pass.of(other, weights, true), Pass.of(other, bound), "another array while bound");
        bound.unbindRows();
        assertSamePass(Pass.of(data, weights, true), Pass.of(data, bound), "after unbinding");
    }

    private static void assertSamePass(Pass expected, Pass actual, String what) {
        assertEquals(expected.loss, actual.loss, 0.0, what + ": loss");
        assertArrayEquals(expected.predicted, actual.predicted, what + ": predictions");
        for (int i = 0; i < expected.ws.gw.length; i++) {
            assertArrayEquals(expected.ws.gw[i], actual.ws.gw[i], 0.0, what + ": gw row " + i);
        }
        for (int i = 0; i < expected.ws.gv.length; i++) {
            assertArrayEquals(expected.ws.gv[i], actual.ws.gv[i], 0.0, what + ": gv row " + i);
        }
    }

    private static double[] times(double[] a, double s) {
        double[] out = a.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] *= s;
        }
        return out;
    }

    /** One pass of the kernel with the gradient over the whole of a dataset: its loss, predictions and workspace. */
    record Pass(double loss, int[] predicted, Workspace ws) {
        static Pass of(Dataset data, MlpWeights weights, boolean vector) {
            Workspace ws = new Workspace(vector);
            ws.ensure(weights.inputs(), weights.hidden(), weights.classes());
            ws.load(weights);
            return of(data, ws);
        }

        /** A pass on a workspace with its weights loaded (and rows bound or not). */
        static Pass of(Dataset data, Workspace ws) {
            int n = data.rows();
            int[] predicted = new int[n];
            double loss = MlpKernel.run(data.featuresUnsafe(), data.labelsUnsafe(), data.features(),
                    CourseTrainer.identity(new int[0], n), 0, n, ws, true, predicted);
            return new Pass(loss, predicted, ws);
        }
    }

    private static void assertSameOutcome(TaskOutcome expected, TaskOutcome actual, String what) {
        assertArrayEquals(expected.weights().w(), actual.weights().w(), 0.0, what + ": W");
        assertArrayEquals(expected.weights().v(), actual.weights().v(), 0.0, what + ": V");
        assertEquals(expected.loss(), actual.loss(), 0.0, what + ": loss");
        assertEquals(expected.trainingError(), actual.trainingError(), 0.0, what + ": training error");
    }

    @Test
    void expIsWithinFourUlpOfStrictMathOverTheSoftmaxRange() {
        SplittableRandom random = new SplittableRandom(11);
        double worst = 0;
        for (int i = 0; i < 200_000; i++) {
            double x = i % 2 == 0 ? -random.nextDouble() * 745 : random.nextDouble() * 4 - 2;
            double exact = StrictMath.exp(x);
            worst = Math.max(worst, Math.abs(Exp.exp(x) - exact) / Math.ulp(exact));
        }
        assertTrue(worst <= 4, "worst error " + worst + " ulp");
    }

    @Test
    void logIsWithinThreeUlpOfStrictMathOverTheLossRangeAndBeyond() {
        SplittableRandom random = new SplittableRandom(12);
        double worst = 0;
        for (int i = 0; i < 200_000; i++) {
            // the loss takes log(y + 1e-6) with y in [0, 1]; the rest covers every exponent
            double x = i % 2 == 0 ? random.nextDouble() + 1e-6 : Math.exp(random.nextDouble() * 1400 - 700);
            double exact = StrictMath.log(x);
            worst = Math.max(worst, Math.abs(Log.log(x) - exact) / Math.ulp(exact));
        }
        assertTrue(worst <= 3, "worst error " + worst + " ulp");
    }

    @Test
    void logHandlesTheEdgesAsMathLog() {
        assertEquals(0.0, Log.log(1.0));
        assertEquals(Math.log(Math.nextUp(1.0)), Log.log(Math.nextUp(1.0)), Math.ulp(Math.log(Math.nextUp(1.0))));
        assertEquals(Math.log(Log.SQRT2), Log.log(Log.SQRT2), Math.ulp(Math.log(Log.SQRT2)));
        assertEquals(Double.NEGATIVE_INFINITY, Log.log(0.0));
        assertTrue(Double.isNaN(Log.log(-1.0)));
        assertTrue(Double.isNaN(Log.log(Double.NaN)));
        assertEquals(Double.POSITIVE_INFINITY, Log.log(Double.POSITIVE_INFINITY));
        assertEquals(Math.log(Double.MIN_VALUE), Log.log(Double.MIN_VALUE)); // subnormal: Math.log's own answer
        assertEquals(Math.log(Double.MAX_VALUE), Log.log(Double.MAX_VALUE), Math.ulp(Math.log(Double.MAX_VALUE)) * 3);
    }

    @Test
    void expHandlesTheEdgesAsMathExp() {
        assertEquals(1.0, Exp.exp(0.0));
        assertEquals(1.0, Exp.exp(-0.0));
        assertEquals(0.0, Exp.exp(Double.NEGATIVE_INFINITY));
        assertEquals(Double.POSITIVE_INFINITY, Exp.exp(710.0));
        assertTrue(Double.isNaN(Exp.exp(Double.NaN)));
        assertEquals(Math.exp(-745.0), Exp.exp(-745.0)); // subnormal: Math.exp's own answer
        assertEquals(Math.E, Exp.exp(1.0), Math.ulp(Math.E) * 2);
    }
}
