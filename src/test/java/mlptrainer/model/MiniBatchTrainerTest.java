package mlptrainer.model;

import static mlptrainer.model.ModelFixtures.assertRelClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import mlptrainer.data.Dataset;

class MiniBatchTrainerTest {
    private static final TrainingSettings ADAM = TrainingSettings.parse(Map.of("optimizer", "adam", "batch_size", "8"));

    @Test
    void emptySettingsAreTheCourseKernelBitForBit() {
        Dataset data = ModelFixtures.randomDataset(120, 16, 26, 1);
        MlpWeights initial = MlpWeights.initUniform(16, 24, 26, 2);
        TaskOutcome viaFacade = new LocalTrainer().train(data, initial, 1e-3, 20, TrainingSettings.parse(Map.of()), 99);
        TaskOutcome direct = new CourseTrainer().train(data, initial, 1e-3, 20);
        assertEquals(direct, viaFacade); // records compare weights with Arrays.equals: every bit
        TaskOutcome noStop = new LocalTrainer().train(data, initial, 1e-9, 7,
                TrainingSettings.parse(Map.of("early_stop", "false")), 0);
        assertEquals(7, noStop.epochsRun());
    }

    @Test
    void sameSeedGivesBitIdenticalWeightsAndAnotherSeedDoesNot() {
        Dataset data = ModelFixtures.randomDataset(50, 5, 4, 3);
        MlpWeights initial = MlpWeights.initHe(5, 12, 4, 4);
        LocalTrainer reused = new LocalTrainer();
        TaskOutcome first = reused.train(data, initial, 0.01, 3, ADAM, 1234);
        // a second task on the same instance must start from fresh optimiser state and file order
        TaskOutcome again = reused.train(data, initial, 0.01, 3, ADAM, 1234);
        TaskOutcome fresh = new LocalTrainer().train(data, initial, 0.01, 3, ADAM, 1234);
        assertEquals(first, again);
        assertEquals(first, fresh);
        TaskOutcome other = new LocalTrainer().train(data, initial, 0.01, 3, ADAM, 1235);
        assertNotEquals(first.weights(), other.weights());
    }

    /**
     * SGD equals the naive implementation run on the same batches: a naive course step with
     * eta = lr / batch rows is w += (lr / count) * (-grad of the summed loss) = w - lr * grad of
     * the mean. The batches are rebuilt with the trainer's documented shuffle (Fisher-Yates with
     * SplittableRandom(seed), continued across epochs). 10 rows in batches of 4: 4 + 4 + 2.
     */
    @Test
    void sgdEqualsNaiveStepsOnTheSameShuffledBatches() {
        Dataset data = ModelFixtures.randomDataset(10, 3, 4, 5);
        MlpWeights initial = MlpWeights.initUniform(3, 6, 4, 6);
        initial.scaleInPlace(30);
        double lr = 0.05;
        long seed = 77;
        TrainingSettings sgd = TrainingSettings.parse(Map.of("optimizer", "sgd", "batch_size", "4"));
        TaskOutcome fast = new MiniBatchTrainer().train(data, initial, lr, 2, sgd, seed);

        NaiveMlp naive = new NaiveMlp(initial);
        int[] order = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        SplittableRandom random = new SplittableRandom(seed);
        for (int epoch = 0; epoch < 2; epoch++) {
            for (int i = order.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            for (int from = 0; from < 10; from += 4) {
                int count = Math.min(4, 10 - from);
                int[] rows = java.util.Arrays.copyOfRange(order, from, from + count);
                Dataset batch = data.select(rows);
                naive.train(ModelFixtures.matrix(batch), batch.labelsUnsafe(), lr / count, 1, false);
            }
        }
        assertRelClose(naive.toWeights().w(), fast.weights().w(), 1e-12, "W");
        assertRelClose(naive.toWeights().v(), fast.weights().v(), 1e-12, "V");
        assertEquals(2, fast.epochsRun());
        assertEquals(Evaluator.errorRate(data, fast.weights()), fast.trainingError(), 1e-15);
        double loss = new CourseTrainer().train(data, fast.weights(), 1, 0).loss();
        assertEquals(loss, fast.loss(), 1e-12 * loss);
    }

    @Test
    void everyOptimiserLearnsALearnableProblem() {
        // labels a function of the features: the class of the largest of the first 3 features
        Dataset raw = ModelFixtures.randomDataset(300, 6, 3, 8);
        int[] labels = new int[300];
        for (int i = 0; i < 300; i++) {
            labels[i] = raw.feature(i, 0) >= raw.feature(i, 1) ? (raw.feature(i, 0) >= raw.feature(i, 2) ? 0 : 2)
                    : (raw.feature(i, 1) >= raw.feature(i, 2) ? 1 : 2);
        }
        Dataset data = FeatureStandardizer.fit(java.util.List.of(raw))
                .apply(new Dataset("max", 6, raw.featuresUnsafe(), labels));
        MlpWeights initial = MlpWeights.initHe(6, 32, 3, 9);
        double before = Evaluator.errorRate(data, initial);
        String[][] recipes = {{"sgd", "0.1"}, {"momentum", "0.02"}, {"adam", "0.01"}};
        for (String[] recipe : recipes) {
            TrainingSettings s = TrainingSettings.parse(Map.of("optimizer", recipe[0], "batch_size", "16"));
            TaskOutcome out = new LocalTrainer().train(data, initial, Double.parseDouble(recipe[1]), 30, s, 1);
            assertTrue(out.trainingError() < 0.1 && out.trainingError() < before / 3,
                    recipe[0] + ": error " + out.trainingError() + " from " + before);
        }
    }

    @Test
    void weightDecayShrinksWeightsButNotBiases() {
        Dataset data = ModelFixtures.randomDataset(20, 3, 2, 10);
        MlpWeights initial = MlpWeights.initHe(3, 4, 2, 11);
        TrainingSettings plain = TrainingSettings.parse(Map.of("optimizer", "sgd", "batch_size", "20"));
        TrainingSettings decayed = TrainingSettings.parse(Map.of("optimizer", "sgd", "batch_size", "20",
                "weight_decay", "0.5"));
        MlpWeights a = new LocalTrainer().train(data, initial, 0.1, 1, plain, 0).weights();
        MlpWeights b = new LocalTrainer().train(data, initial, 0.1, 1, decayed, 0).weights();
        // one full-batch step: the decayed run differs by exactly -lr * 0.5 * w0 off the bias row
        for (int i = 0; i < a.w().length; i++) {
            double expected = i < 4 ? a.w()[i] : a.w()[i] - 0.1 * 0.5 * initial.w()[i];
            assertEquals(expected, b.w()[i], 1e-15, "W[" + i + "]");
        }
    }

    @Test
    void shuffleSeedsDependOnJobRoundAndShardOnly() {
        // SplitMix64's finaliser of jobSeed + golden gamma * (round * 2^32 + shard + 1), computed in python3;
        // (0, 0, 0) is SplitMix64's published first output for seed 0, 0xE220A8397B1DCDAF
        assertEquals(4042233889517553520L, LocalTrainer.shuffleSeed(42, 3, 5));
        assertEquals(-4767286540954276203L, LocalTrainer.shuffleSeed(42, 0, 0));
        assertEquals(0xE220A8397B1DCDAFL, LocalTrainer.shuffleSeed(0, 0, 0));
        java.util.Set<Long> seen = new java.util.HashSet<>();
        for (int round = 0; round < 50; round++) {
            for (int shard = 0; shard < 20; shard++) {
                assertTrue(seen.add(LocalTrainer.shuffleSeed(42, round, shard)), round + "/" + shard);
            }
        }
        assertNotEquals(LocalTrainer.shuffleSeed(42, 0, 0), LocalTrainer.shuffleSeed(43, 0, 0));
    }

    @Test
    void refusesGdAndMismatchedShards() {
        Dataset data = ModelFixtures.randomDataset(5, 3, 2, 1);
        assertThrows(IllegalArgumentException.class, () -> new MiniBatchTrainer().train(data,
                MlpWeights.initHe(3, 4, 2, 1), 0.1, 1, TrainingSettings.COURSE, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new LocalTrainer().train(data,
                MlpWeights.initHe(4, 4, 2, 1), 0.1, 1, ADAM, 0));
        assertTrue(e.getMessage().contains("d=3") && e.getMessage().contains("d=4"), e.getMessage());
    }
}
