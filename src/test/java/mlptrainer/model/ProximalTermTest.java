package mlptrainer.model;

import static mlptrainer.model.ModelFixtures.assertRelClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import mlptrainer.data.Dataset;
import org.junit.jupiter.api.Test;

/** FedProx's gradient term mu (w - w_start), by hand and inside both local trainers. */
class ProximalTermTest {

    @Test
    void theTermIsSubtractedFromTheNegativeGradient() {
        double[][] negGrad = {{1, -1}, {0.5, 0}};
        double[][] w = {{2, 0}, {1, -3}};
        double[][] start = {{1, 1}, {1, -1}};
        ProximalTerm.subtractScaledDifferenceInPlace(negGrad, w, start, 0.5);
        // negGrad - 0.5 (w - start) = {1 - 0.5, -1 + 0.5}, {0.5 - 0, 0 + 1}
        assertArrayEquals(new double[] {0.5, -0.5}, negGrad[0]);
        assertArrayEquals(new double[] {0.5, 1}, negGrad[1]);
    }

    /**
     * The term is zero at the first step (w = w_start), so one epoch is the course's; the second
     * step adds -eta mu (w1 - w0): w2(mu) = w2(0) - eta mu (w1 - w0), rounding aside.
     */
    @Test
    void courseStepsDescendTheProximalTerm() {
        Dataset data = ModelFixtures.randomDataset(40, 5, 3, 11);
        MlpWeights w0 = MlpWeights.initUniform(5, 6, 3, 12);
        double eta = 1e-3;
        double mu = 50;
        CourseTrainer trainer = new CourseTrainer();
        MlpWeights w1 = trainer.train(data, w0, eta, 1, false, mu, StopSignal.NEVER).weights();
        assertEquals(trainer.train(data, w0, eta, 1, false).weights(), w1);
        MlpWeights plain2 = trainer.train(data, w0, eta, 2, false).weights();
        MlpWeights prox2 = trainer.train(data, w0, eta, 2, false, mu, StopSignal.NEVER).weights();
        assertPulledBack(plain2, eta * mu, w1, w0, prox2);
    }

    /** Checks actual = plain - step (w1 - w0), to rounding: the second step's proximal pull. */
    private static void assertPulledBack(MlpWeights plain, double step, MlpWeights w1, MlpWeights w0,
            MlpWeights actual) {
        MlpWeights drift = w1.subtract(w0);
        drift.scaleInPlace(-step);
        MlpWeights expected = plain.copy();
        expected.addInPlace(drift);
        assertRelClose(expected.w(), actual.w(), 1e-9, "W");
        assertRelClose(expected.v(), actual.v(), 1e-9, "V");
    }

    /** SGD on one full batch: the mean loss's step gets -lr mu (w1 - w0) at the second step. */
    @Test
    void miniBatchStepsAddMuToTheMeanLoss() {
        Dataset data = ModelFixtures.randomDataset(16, 4, 3, 21);
        MlpWeights w0 = MlpWeights.initHe(4, 5, 3, 22);
        double lr = 0.05;
        TrainingSettings sgd = TrainingSettings.parse(Map.of("optimizer", "sgd", "batch_size", "16"));
        TrainingSettings prox = TrainingSettings.parse(Map.of("optimizer", "sgd", "batch_size", "16", "mu", "2"));
        LocalTrainer trainer = new LocalTrainer();
        MlpWeights w1 = trainer.train(data, w0, lr, 1, sgd, 5).weights();
        assertEquals(w1, trainer.train(data, w0, lr, 1, prox, 5).weights());
        assertPulledBack(trainer.train(data, w0, lr, 2, sgd, 5).weights(), lr * 2, w1, w0,
                trainer.train(data, w0, lr, 2, prox, 5).weights());
    }

    @Test
    void muZeroIsTheCourseBitForBitAndBadMuIsRefused() {
        Dataset data = ModelFixtures.randomDataset(30, 4, 3, 31);
        MlpWeights w0 = MlpWeights.initUniform(4, 5, 3, 32);
        assertEquals(new CourseTrainer().train(data, w0, 1e-3, 5),
                new LocalTrainer().train(data, w0, 1e-3, 5, TrainingSettings.parse(Map.of("mu", "0")), 0));
        assertThrows(IllegalArgumentException.class, () -> TrainingSettings.parse(Map.of("mu", "-1")));
        assertThrows(IllegalArgumentException.class, () -> TrainingSettings.parse(Map.of("mu", "NaN")));
        assertThrows(IllegalArgumentException.class,
                () -> new CourseTrainer().train(data, w0, 1e-3, 5, true, Double.NaN, StopSignal.NEVER));
    }
}
