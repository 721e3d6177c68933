package mlptrainer.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;
import mlptrainer.data.Dataset;
import mlptrainer.model.FeatureStandardizer;
import mlptrainer.model.LocalTrainer;
import mlptrainer.model.MlpWeights;
import mlptrainer.model.TaskOutcome;
import mlptrainer.model.TrainingSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The absolute bound on a task's deltas: hand-computed cases, no overflow, and never below what training does. */
class DeltaBoundTest {
    private static final double LOG_ONE = 0; // the starting size U_0 = 1 + |W| + |V| of all-zero weights

    private static TrainingSettings settings(String... keysAndValues) {
        Map<String, String> m = new java.util.HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return TrainingSettings.parse(m);
    }

    /** Noisy inputs lie within s sqrt(3 d) of their row: the bound is the clean one at that longer row. */
    @Test
    void inputNoiseLengthensTheRowsTheBoundAssumes() {
        TrainingSettings noisy = TrainingSettings.parse(Map.of("optimizer", "sgd", "input_noise", "0.5"));
        TrainingSettings clean = TrainingSettings.parse(Map.of("optimizer", "sgd"));
        double longer = 5 + 0.5 * Math.sqrt(3.0 * 16);
        assertEquals(DeltaBound.logBound(new DeltaBound.ShardScale(100, longer, 16), clean, 0.1, 2, LOG_ONE, 40),
                DeltaBound.logBound(new DeltaBound.ShardScale(100, 5, 16), noisy, 0.1, 2, LOG_ONE, 40), 1e-12);
        assertTrue(DeltaBound.logBound(new DeltaBound.ShardScale(100, 5, 16), noisy, 0.1, 2, LOG_ONE, 40)
                > DeltaBound.logBound(new DeltaBound.ShardScale(100, 5, 16), clean, 0.1, 2, LOG_ONE, 40));
    }

    /** Dropout scales the kept units' outgoing weights by 1 / (1 - p) within a step: the bound is the one at rows that much longer. */
    @Test
    void dropoutScalesTheRowsTheBoundAssumesByOneOverTheKeptShare() {
        TrainingSettings dropped = TrainingSettings.parse(Map.of("optimizer", "momentum", "dropout", "0.2"));
        TrainingSettings full = TrainingSettings.parse(Map.of("optimizer", "momentum"));
        assertEquals(DeltaBound.logBound(new DeltaBound.ShardScale(100, 5 / 0.8, 16), full, 0.1, 2, LOG_ONE, 40),
                DeltaBound.logBound(new DeltaBound.ShardScale(100, 5, 16), dropped, 0.1, 2, LOG_ONE, 40), 1e-12);
        assertEquals(DeltaBound.logBound(new DeltaBound.ShardScale(100, 5, 16), full, 0.1, 2, LOG_ONE, 40),
                DeltaBound.logBound(new DeltaBound.ShardScale(100, 5, 16),
                        TrainingSettings.parse(Map.of("optimizer", "momentum", "dropout", "0")), 0.1, 2, LOG_ONE, 40));
    }

    @Test
    void shardScaleIsTheLargestRowNormWithTheLeadingOneAsNodesTrainTheRows() {
        Dataset data = new Dataset("t", 2, new double[] {3, 4, 0, 0}, new int[] {0, 1});
        DeltaBound.ShardScale raw = DeltaBound.ShardScale.of(data, null);
        assertEquals(2, raw.rows());
        assertEquals(Math.sqrt(26), raw.maxRowNorm(), 1e-12); // sqrt(1 + 9 + 16)
        FeatureStandardizer st = new FeatureStandardizer(new double[] {1, 1}, new double[] {2, 3});
        // rows become (1, 1) and (-0.5, -1/3): norms sqrt(3) and sqrt(1 + 0.25 + 1/9)
        assertEquals(Math.sqrt(3), DeltaBound.ShardScale.of(data, st).maxRowNorm(), 1e-12);
    }

    @Test
    void courseBoundIsTwiceTheStartTimesOnePlusEtaSqrt2NRToTheEpochs() {
        // n 100, R 5, eta 0.01: a = 0.01 sqrt2 100 5 = 7.0711; U_0 = 2; 3 epochs: 2 * 2 * 8.0711^3 = 2103.07
        double log = DeltaBound.logBound(new DeltaBound.ShardScale(100, 5), TrainingSettings.COURSE, 0.01, 3,
                Math.log(2), 10);
        assertEquals(2103.066, Math.exp(log), 1e-3);
    }

    @Test
    void sgdCountsBatchesAndWeightDecay() {
        // n 10, batch 4: 3 steps an epoch, 2 epochs: T 6; R 1, lr 0.1: a = 0.1 sqrt2 = 0.14142
        DeltaBound.ShardScale shard = new DeltaBound.ShardScale(10, 1);
        TrainingSettings sgd = settings("optimizer", "sgd", "batch_size", "4");
        assertEquals(4.42289, Math.exp(DeltaBound.logBound(shard, sgd, 0.1, 2, LOG_ONE, 10)), 1e-5); // 2 * 1.14142^6
        TrainingSettings decay = settings("optimizer", "sgd", "batch_size", "4", "weight_decay", "0.5");
        // a = 0.1 (sqrt2 + 0.5) = 0.19142: 2 * 1.19142^6 = 5.72035
        assertEquals(5.72035, Math.exp(DeltaBound.logBound(shard, decay, 0.1, 2, LOG_ONE, 10)), 1e-5);
    }

    @Test
    void momentumDividesTheGradientBoundByOneMinusBeta() {
        TrainingSettings m = settings("optimizer", "momentum", "batch_size", "4", "momentum", "0.5");
        // a = 0.1 sqrt2 / 0.5 = 0.28284: 2 * 1.28284^6 = 8.91396
        assertEquals(8.91396, Math.exp(DeltaBound.logBound(new DeltaBound.ShardScale(10, 1), m, 0.1, 2, LOG_ONE,
                10)), 1e-5);
    }

    @Test
    void adamStepsAreBoundedWhateverTheGradient() {
        TrainingSettings adam = settings("optimizer", "adam", "batch_size", "4");
        // no decay: a = 0; b = lr sqrt(P) S / sqrt(1 - beta2) with P 4, S = min(T, 1/(1-rho)) = 6 (rho 0.90045):
        // b = 0.001 * 2 * 6 / 0.031623 = 0.37947; U_T = 1 + 6 b = 3.27684; doubled 6.55368.
        // The data's scale does not matter: Adam normalises the gradient.
        for (double r : new double[] {1, 1e6}) {
            double log = DeltaBound.logBound(new DeltaBound.ShardScale(10, r), adam, 0.001, 2, LOG_ONE, 4);
            assertEquals(6.55368, Math.exp(log), 1e-5);
        }
    }

    @Test
    void adamWithoutASecondMomentIsBoundedOnlyThroughEpsilon() {
        TrainingSettings adam = settings("optimizer", "adam", "batch_size", "4", "adam_beta2", "0");
        // a = lr sqrt2 R / eps = 1e-3 * 1.41421 / 1e-8 = 141421.36; 6 steps: log(2 (1 + a)^6) = 71.851
        double log = DeltaBound.logBound(new DeltaBound.ShardScale(10, 1), adam, 1e-3, 2, LOG_ONE, 4);
        assertEquals(Math.log(2) + 6 * Math.log1p(141421.356), log, 1e-6);
        assertEquals(71.851, log, 1e-3);
    }

    @Test
    void theScaleIsTheStepsTimesTheFirstStepsBoundSoItGrowsWithTheShard() {
        // gd: 3 epochs * a U_0 = 3 * 7.0711 * 2 = 42.426; twice the rows, twice the scale
        assertEquals(42.4264, Math.exp(DeltaBound.logScale(new DeltaBound.ShardScale(100, 5),
                TrainingSettings.COURSE, 0.01, 3, Math.log(2), 10)), 1e-4);
        assertEquals(84.8528, Math.exp(DeltaBound.logScale(new DeltaBound.ShardScale(200, 5),
                TrainingSettings.COURSE, 0.01, 3, Math.log(2), 10)), 1e-4);
        // adam: 6 steps * lr sqrt(P) = 6 * 0.001 * 2 = 0.012
        assertEquals(0.012, Math.exp(DeltaBound.logScale(new DeltaBound.ShardScale(10, 1),
                settings("optimizer", "adam", "batch_size", "4"), 0.001, 2, LOG_ONE, 4)), 1e-12);
    }

    @Test
    void hugeTasksGiveAFiniteLogarithmWhereTheBoundItselfWouldOverflow() {
        double log = DeltaBound.logBound(new DeltaBound.ShardScale(1_000_000, 1e3), TrainingSettings.COURSE, 1.0,
                1_000_000, Math.log(1e300), 1_000_000);
        assertTrue(Double.isFinite(log) && log > Math.log(Double.MAX_VALUE), "log bound " + log);
        assertEquals("infinite", DeltaBound.format(DeltaBound.logBound(new DeltaBound.ShardScale(10,
                Double.POSITIVE_INFINITY), TrainingSettings.COURSE, 1.0, 5, LOG_ONE, 10)));
    }

    @Test
    void normsDoNotOverflowBeforeTheirResultDoes() {
        MlpWeights d = new MlpWeights(1, 1, 1, new double[] {3e300, 0}, new double[] {4e300, 0});
        assertEquals(5e300, DeltaBound.norm(d), 1e286);
        MlpWeights small = new MlpWeights(1, 1, 1, new double[] {3, 4}, new double[] {12, 0});
        assertEquals(13, DeltaBound.norm(small), 1e-12);
        assertEquals(Math.log(1 + 5 + 12), DeltaBound.logStartSize(small), 1e-12);
    }

    @Test
    void formatsPowersOfTenBeyondTheRangeOfDoubles() {
        assertEquals("3.1e300", DeltaBound.format(Math.log(3.1e300)));
        assertEquals("4.2e9", DeltaBound.format(Math.log(4.2e9)));
        assertEquals("4.1e-1", DeltaBound.format(Math.log(0.41)));
        assertEquals("1.0e1000000", DeltaBound.format(1_000_000 * Math.log(10)));
        assertEquals("1.0e3", DeltaBound.format(Math.log(999.99)));
    }

    /**
     * Honest training never exceeds the bound, whatever the optimiser, including runs whose eta is
     * so large that they diverge: their growth is what the bound allows for.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"gd", "sgd", "momentum", "adam", "sgd-decay", "adam-decay", "momentum-dropout"})
    void honestDeltasStayBelowTheBound(String name) {
        TrainingSettings s = switch (name) {
            case "gd" -> TrainingSettings.COURSE;
            case "sgd-decay" -> settings("optimizer", "sgd", "batch_size", "8", "weight_decay", "0.1");
            case "adam-decay" -> settings("optimizer", "adam", "batch_size", "8", "weight_decay", "0.1");
            case "momentum-dropout" -> settings("optimizer", "momentum", "batch_size", "8", "dropout", "0.5");
            default -> settings("optimizer", name, "batch_size", "8");
        };
        Dataset shard = randomShard(40, 5, 3, 11);
        DeltaBound.ShardScale scale = DeltaBound.ShardScale.of(shard, null);
        LocalTrainer trainer = new LocalTrainer();
        int checked = 0;
        double closest = Double.NEGATIVE_INFINITY;
        for (double eta : new double[] {1e-4, 1e-2, 1, 10}) {
            MlpWeights start = MlpWeights.initUniform(5, 6, 3, 3);
            TaskOutcome out = trainer.train(shard, start, eta, 20, s, 5);
            MlpWeights deltas = out.weights().subtract(start);
            if (!deltas.isFinite()) {
                continue; // refused as non-finite before any bound
            }
            double logBound = DeltaBound.logBound(scale, s, eta, 20, DeltaBound.logStartSize(start),
                    start.w().length + start.v().length);
            double logNorm = Math.log(DeltaBound.norm(deltas));
            assertFalse(logNorm > logBound, name + " eta " + eta + ": norm " + DeltaBound.format(logNorm)
                    + " above the bound " + DeltaBound.format(logBound));
            closest = Math.max(closest, logNorm - logBound);
            checked++;
        }
        assertTrue(checked >= 2, "too few finite runs to check");
        System.out.println("BOUND " + name + ": closest norm/bound " + DeltaBound.format(closest));
    }

    /** Rows of d features in [0, 16), as the letters data, with labels in [0, k). */
    private static Dataset randomShard(int n, int d, int k, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] x = new double[n * d];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                x[i * d + j] = random.nextInt(16);
            }
            labels[i] = random.nextInt(k);
        }
        return new Dataset("random", d, x, labels);
    }
}
