package mlptrainer.model;

import static mlptrainer.model.ModelFixtures.assertRelClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import mlptrainer.data.Dataset;

class CourseTrainerTest {

    // ---- equality with the straightforward implementation ----

    @Test
    void equalsNaiveImplementationOnRandomDataForSeveralShapes() {
        int[][] shapes = {{1, 1, 2, 1}, {5, 3, 4, 3}, {40, 7, 9, 5}, {200, 16, 24, 26}, {33, 4, 40, 2}};
        CourseTrainer trainer = new CourseTrainer(); // reused on purpose: workspaces must resize correctly
        for (int[] s : shapes) {
            Dataset data = ModelFixtures.randomDataset(s[0], s[1], s[3], s[0] + 7L * s[2]);
            MlpWeights initial = MlpWeights.initUniform(s[1], s[2], s[3], 11 + s[2]);
            // larger initial weights than the course's so that ReLUs switch and the loss moves
            initial.scaleInPlace(30);
            for (int epochs : new int[] {0, 1, 4}) {
                compareWithNaive(trainer, data, initial, 0.003, epochs, false);
            }
            compareWithNaive(trainer, data, initial, 0.003, 30, true);
        }
    }

    private static void compareWithNaive(CourseTrainer trainer, Dataset data, MlpWeights initial,
                                         double eta, int epochs, boolean earlyStop) {
        MlpWeights before = initial.copy();
        TaskOutcome fast = trainer.train(data, initial, eta, epochs, earlyStop);
        NaiveMlp naive = new NaiveMlp(initial);
        double[][] y = naive.train(ModelFixtures.matrix(data), data.labelsUnsafe(), eta, epochs, earlyStop);
        String what = initial.shape() + " epochs " + epochs;
        assertEquals(before, initial, "the initial weights must not change");
        assertNotSame(initial, fast.weights());
        assertEquals(naive.epochsRun, fast.epochsRun(), what);
        assertRelClose(naive.toWeights().w(), fast.weights().w(), 1e-9, what + " W");
        assertRelClose(naive.toWeights().v(), fast.weights().v(), 1e-9, what + " V");
        assertRelClose(new double[] {naive.lastLoss}, new double[] {fast.loss()}, 1e-9, what + " loss");
        assertEquals(NaiveMlp.errorRate(y, data.labelsUnsafe()), fast.trainingError(), what);
    }

    @Test
    void equalsNaiveImplementationOnRealShardForFiftyEpochs() throws IOException {
        Assumptions.assumeTrue(ModelFixtures.lettersPresent(), "../shared/letters is absent");
        Dataset shard = ModelFixtures.readShard(ModelFixtures.LETTERS.resolve("train_letters1.txt"));
        MlpWeights initial = MlpWeights.initUniform(16, 24, 26, 1234);
        // eta 1e-4 as the course job; early stop off so that all 50 epochs are compared
        compareWithNaive(new CourseTrainer(), shard, initial, 1e-4, 50, false);
        compareWithNaive(new CourseTrainer(), shard, initial, 1e-4, 50, true);
    }

    // ---- gradients ----

    @Test
    void stepIsEtaTimesTheNegativeGradientOfTheLoss() {
        Dataset data = ModelFixtures.randomDataset(7, 3, 4, 5);
        MlpWeights initial = MlpWeights.initUniform(3, 5, 4, 9);
        initial.scaleInPlace(40); // weights around 0.4 so that the loss is far from flat
        CourseTrainer trainer = new CourseTrainer();
        double eta = 1e-3;
        MlpWeights delta = trainer.train(data, initial, eta, 1, false).weights().subtract(initial);
        double hStep = 1e-6;
        checkGradient(trainer, data, initial, delta, eta, hStep, true);
        checkGradient(trainer, data, initial, delta, eta, hStep, false);
    }

    private static void checkGradient(CourseTrainer trainer, Dataset data, MlpWeights initial, MlpWeights delta,
                                      double eta, double hStep, boolean ofW) {
        int size = ofW ? initial.w().length : initial.v().length;
        for (int i = 0; i < size; i++) {
            MlpWeights plus = initial.copy();
            MlpWeights minus = initial.copy();
            (ofW ? plus.w() : plus.v())[i] += hStep;
            (ofW ? minus.w() : minus.v())[i] -= hStep;
            double numeric = (exactLoss(data, plus) - exactLoss(data, minus)) / (2 * hStep);
            double analytic = -(ofW ? delta.w() : delta.v())[i] / eta;
            assertEquals(numeric, analytic, 1e-7 + 1e-6 * Math.abs(numeric), (ofW ? "W[" : "V[") + i + "]");
        }
    }

    /**
     * -sum(log(y[label])) without the course's 1e-6: D = R - Y is the exact gradient of this loss,
     * while the +1e-6 inside the log shifts the gradient by a relative 1e-6 / y (1e-5 here), too
     * much for a tight finite-difference check.
     */
    private static double exactLoss(Dataset data, MlpWeights m) {
        Workspace ws = new Workspace();
        ws.ensure(m.inputs(), m.hidden(), m.classes());
        ws.load(m);
        double loss = 0;
        for (int i = 0; i < data.rows(); i++) {
            // one row per call: y[0] then holds that row's softmax
            MlpKernel.run(data.featuresUnsafe(), data.labelsUnsafe(), m.inputs(), new int[] {i}, 0, 1, ws, false, null);
            loss -= Math.log(ws.y[0][data.label(i)]);
        }
        return loss;
    }

    // ---- hand-computed forward pass ----

    @Test
    void forwardPassOfOneRowComputedByHand() {
        // d=1, h=1, k=2; x = 2; W = [0.5 ; 1.0] (bias row first); V = [0.1 -0.1 ; 0.2 0.4]
        // A = 0.5 + 2 * 1.0 = 2.5;  Z = [1, relu(2.5)] = [1, 2.5]
        // O = [0.1 + 2.5*0.2, -0.1 + 2.5*0.4] = [0.6, 0.9]; minus the max: [-0.3, 0]
        // Y = [e^-0.3, 1] / (1 + e^-0.3) = [0.425557483188341, 0.574442516811659]
        // loss for label 1 = -ln(0.574442516811659 + 1e-6) = 0.5543535036518216
        // (the decimals by python3: math.exp / math.log of the expressions above)
        MlpWeights weights = new MlpWeights(1, 1, 2, new double[] {0.5, 1.0}, new double[] {0.1, -0.1, 0.2, 0.4});
        Dataset row = new Dataset("hand", 1, new double[] {2}, new int[] {1});
        Workspace ws = new Workspace();
        ws.ensure(1, 1, 2);
        ws.load(weights);
        double loss = MlpKernel.run(row.featuresUnsafe(), row.labelsUnsafe(), 1, new int[] {0}, 0, 1, ws, false, null);
        double[] a = ws.a[0];
        double[] y = ws.y[0];
        assertEquals(2.5, a[0], 1e-15);
        assertEquals(0.425557483188341, y[0], 1e-15);
        assertEquals(0.574442516811659, y[1], 1e-15);
        assertEquals(0.5543535036518216, loss, 1e-15);
        TaskOutcome untrained = new CourseTrainer().train(row, weights, 0.1, 0);
        assertEquals(0.5543535036518216, untrained.loss(), 1e-15);
        assertEquals(0.0, untrained.trainingError());
        assertEquals(1, Evaluator.predict(weights, new double[] {2}, 0));
    }

    @Test
    void negativePreActivationIsCutByRelu() {
        // x = -1: A = 0.5 - 1.0 = -0.5, relu gives 0, so O = V's bias row [0.1, -0.1]:
        // Y = [1, e^-0.2] / (1 + e^-0.2) -> class 0
        MlpWeights weights = new MlpWeights(1, 1, 2, new double[] {0.5, 1.0}, new double[] {0.1, -0.1, 0.2, 0.4});
        assertEquals(0, Evaluator.predict(weights, new double[] {-1}, 0));
        Workspace ws = new Workspace();
        ws.ensure(1, 1, 2);
        ws.load(weights);
        MlpKernel.run(new double[] {-1}, new int[] {0}, 1, new int[] {0}, 0, 1, ws, false, null);
        assertEquals(-0.5, ws.a[0][0], 1e-15);
        double[] y = ws.y[0];
        assertEquals(1 / (1 + Math.exp(-0.2)), y[0], 1e-15);
    }

    // ---- an independent computation: numpy with ref_mlp.py's functions ----

    /**
     * The fixture: 6 rows, d=3, h=4, k=3, W[i][j] = ((i*4+j)*7 % 11 - 5)/50, V[i][j] = ((i*3+j)*5 % 13 - 6)/40.
     * Expected values printed by this python3 script (numpy; forward and loss imported from
     * /work/shared/bench/ref_mlp.py, the loop copied from its train()):
     * <pre>
     * import numpy as np, sys
     * sys.path.insert(0, '/work/shared/bench')
     * from ref_mlp import forward, loss
     * X = np.array([[1,0,3],[2,1,0],[0,2,1],[3,3,1],[1,2,2],[2,0,1]], dtype=float)
     * lab = np.array([0,1,2,1,0,2]); d, h, k = 3, 4, 3
     * W = np.array([[((i*h+j)*7 % 11 - 5)/50.0 for j in range(h)] for i in range(d+1)])
     * V = np.array([[((i*k+j)*5 % 13 - 6)/40.0 for j in range(k)] for i in range(h+1)])
     * eta = float(sys.argv[1]); epochs = int(sys.argv[2])
     * R1 = np.eye(k)[lab]; X1, A, Z, Y = forward(X, W, V); before = loss(Y, lab); ran = 0
     * for _ in range(epochs):
     *     D = R1 - Y
     *     dV = eta * (Z.T @ D); dW = eta * (X1.T @ ((D @ V[1:].T) * (A >= 0)))
     *     V += dV; W += dW
     *     X1, A, Z, Y = forward(X, W, V); ran += 1
     *     after = loss(Y, lab)
     *     if abs(before - after) <= 0.2: break
     *     before = after
     * print(ran, after, list(W.ravel()), list(V.ravel()), np.mean(Y.argmax(axis=1) != lab))
     * </pre>
     * run as {@code python3 fx.py 0.5 20} (stops early after 8 epochs: the losses are 6.6128,
     * 6.3736, 5.4773, 4.0782, 25.264, 11.190, 7.7958, 6.7045, 6.5923) and {@code python3 fx.py 0.5 3}.
     */
    private static final double[][] FIXTURE_X = {{1, 0, 3}, {2, 1, 0}, {0, 2, 1}, {3, 3, 1}, {1, 2, 2}, {2, 0, 1}};
    private static final int[] FIXTURE_LABELS = {0, 1, 2, 1, 0, 2};

    private static Dataset fixture() {
        double[] x = new double[18];
        for (int i = 0; i < 6; i++) {
            System.arraycopy(FIXTURE_X[i], 0, x, i * 3, 3);
        }
        return new Dataset("fixture", 3, x, FIXTURE_LABELS);
    }

    private static MlpWeights fixtureWeights() {
        int d = 3;
        int h = 4;
        int k = 3;
        double[] w = new double[(d + 1) * h];
        double[] v = new double[(h + 1) * k];
        for (int i = 0; i <= d; i++) {
            for (int j = 0; j < h; j++) {
                w[i * h + j] = ((i * h + j) * 7 % 11 - 5) / 50.0;
            }
        }
        for (int i = 0; i <= h; i++) {
            for (int j = 0; j < k; j++) {
                v[i * k + j] = ((i * k + j) * 5 % 13 - 6) / 40.0;
            }
        }
        return new MlpWeights(d, h, k, w, v);
    }

    @Test
    void stopsEarlyAtTheEpochNumpyStopsAtWithNumpysWeights() {
        TaskOutcome out = new CourseTrainer().train(fixture(), fixtureWeights(), 0.5, 20);
        assertEquals(8, out.epochsRun());
        assertEquals(6.592328953484538, out.loss(), 1e-12);
        assertEquals(0.6666666666666666, out.trainingError(), 1e-15);
        assertRelClose(new double[] {-0.16708074501656123, -0.3729575502306855, -0.6887708115171229,
            -2.823747546822986, -0.04708074501656122, 0.08813807901283444, 0.0621433833281797, -6.719249146346501,
            -0.08, -0.2078139396235661, -0.2641496909396458, -5.5752078062486445, -0.16124223504968366,
            -1.0432059126780855, -0.9530086713186654, -0.4843600753481996}, out.weights().w(), 1e-9, "W");
        assertRelClose(new double[] {-0.04429146965969999, -0.00774893156575529, -0.022959598774545675,
            -0.08588227526189865, 0.018230388929096876, 0.14265188633280176, -0.39455887588528155,
            0.09961672894173756, 0.19494214694354406, -0.10575156848762092, 0.17922293549369084,
            -0.023471367006069943, -5.409242250285145, 2.1599490969507165, 3.124293153334428},
            out.weights().v(), 1e-9, "V");
    }

    @Test
    void runsAllEpochsWhileTheLossMovesMoreThanTheThreshold() {
        // loss changes 0.239, 0.896, 1.399: all above 0.2, so all 3 epochs run
        TaskOutcome out = new CourseTrainer().train(fixture(), fixtureWeights(), 0.5, 3);
        assertEquals(3, out.epochsRun());
        assertEquals(4.078243029156665, out.loss(), 1e-12);
        assertEquals(0.5, out.trainingError(), 1e-15);
        assertRelClose(new double[] {-0.16708074501656123, 0.09131299494227102, -0.11588260788367546,
            0.21056671016046272, -0.04708074501656122, 0.5940583839591915, 0.6705505277476274, -0.2912846506778989,
            -0.08, 0.3782028584394178, 0.32331626532901436, -0.2657889841250451, -0.16124223504968366,
            -0.27814142960687604, -0.16994202823337187, 0.9581127824800746}, out.weights().w(), 1e-9, "W");
        assertRelClose(new double[] {-0.21853482633083662, -0.11607617197575637, 0.25961099830659284,
            -0.08588227526189865, 0.018230388929096876, 0.14265188633280176, -0.48672055222052196,
            0.550472296340287, -0.163751744119765, -0.22274309837337392, 0.6122295369463835,
            -0.3394864385730096, 0.577487002770463, -0.6233695037795083, -0.07911749899095485},
            out.weights().v(), 1e-9, "V");
    }

    @Test
    void aTinyStepStopsAfterExactlyOneEpoch() {
        TaskOutcome out = new CourseTrainer().train(fixture(), fixtureWeights(), 1e-9, 50);
        assertEquals(1, out.epochsRun());
        TaskOutcome noStop = new CourseTrainer().train(fixture(), fixtureWeights(), 1e-9, 50, false);
        assertEquals(50, noStop.epochsRun());
    }

    // ---- argument checks ----

    @Test
    void refusesAShardWhoseFeatureCountDiffersNamingBoth() {
        Dataset data = ModelFixtures.randomDataset(4, 5, 3, 1);
        MlpWeights weights = MlpWeights.initUniform(6, 2, 3, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CourseTrainer().train(data, weights, 0.1, 1));
        assertTrue(e.getMessage().contains("d=5") && e.getMessage().contains("d=6"), e.getMessage());
    }

    @Test
    void refusesALabelOutsideTheClassesNamingLabelAndK() {
        Dataset data = new Dataset("bad", 1, new double[] {1, 2}, new int[] {0, 3});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CourseTrainer().train(data, MlpWeights.initUniform(1, 2, 3, 1), 0.1, 1));
        assertTrue(e.getMessage().contains("label 3") && e.getMessage().contains("k=3"), e.getMessage());
        Dataset negative = new Dataset("neg", 1, new double[] {1}, new int[] {-1});
        assertThrows(IllegalArgumentException.class,
                () -> Evaluator.errorRate(negative, MlpWeights.initUniform(1, 2, 3, 1)));
    }

    @Test
    void refusesNonFiniteInputsAndBadStepOrEpochs() {
        MlpWeights weights = MlpWeights.initUniform(2, 2, 2, 1);
        Dataset nanRow = new Dataset("nan", 2, new double[] {1, Double.NaN}, new int[] {0});
        assertThrows(IllegalArgumentException.class, () -> new CourseTrainer().train(nanRow, weights, 0.1, 1));
        Dataset ok = new Dataset("ok", 2, new double[] {1, 2}, new int[] {0});
        MlpWeights nanWeights = weights.copy();
        nanWeights.v()[3] = Double.NaN;
        assertThrows(IllegalArgumentException.class, () -> new CourseTrainer().train(ok, nanWeights, 0.1, 1));
        for (double eta : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThrows(IllegalArgumentException.class, () -> new CourseTrainer().train(ok, weights, eta, 1));
        }
        assertThrows(IllegalArgumentException.class, () -> new CourseTrainer().train(ok, weights, 0.1, -1));
    }

    @Test
    void evaluatorBreaksTiesTowardsTheLowestClassAndCountsErrors() {
        // all-zero weights: every output is 1/k, so every prediction is class 0
        Dataset data = new Dataset("ties", 2, new double[] {1, 2, 3, 4, 5, 6}, new int[] {0, 2, 1});
        MlpWeights zeros = MlpWeights.zeros(2, 3, 3);
        assertArrayEquals(new int[] {0, 0, 0}, Evaluator.predict(data, zeros));
        assertEquals(2.0 / 3, Evaluator.errorRate(data, zeros), 1e-15);
    }

    @Test
    void evaluatorAgreesWithTrainingErrorOnLargerData() {
        Dataset data = ModelFixtures.randomDataset(700, 6, 5, 3); // more than one evaluator block
        MlpWeights initial = MlpWeights.initUniform(6, 8, 5, 4);
        initial.scaleInPlace(50);
        TaskOutcome out = new CourseTrainer().train(data, initial, 0.001, 5, false);
        assertEquals(out.trainingError(), Evaluator.errorRate(data, out.weights()), 1e-15);
    }
}
