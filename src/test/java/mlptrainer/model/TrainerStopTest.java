package mlptrainer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import mlptrainer.data.Dataset;
import org.junit.jupiter.api.Test;

/**
 * The trainers' stop signal: polled between epochs (and every few mini-batches), it changes no
 * arithmetic when it does not fire, and stops the training when it does.
 */
class TrainerStopTest {
    private static final TrainingSettings NO_EARLY_STOP = TrainingSettings.parse(Map.of("early_stop", "false"));
    private static final TrainingSettings SGD = TrainingSettings.parse(Map.of("optimizer", "sgd", "batch_size", "4"));

    /** Counts its polls and asks to stop at the given one (never when 0). */
    private static final class CountingStop implements StopSignal {
        final AtomicInteger polls = new AtomicInteger();
        final int stopAt;

        CountingStop(int stopAt) {
            this.stopAt = stopAt;
        }

        @Override
        public boolean stopRequested() {
            return polls.incrementAndGet() == stopAt;
        }
    }

    @Test
    void aSignalThatNeverFiresLeavesTheWeightsBitForBit() {
        Dataset data = ModelFixtures.randomDataset(120, 16, 26, 1);
        MlpWeights initial = MlpWeights.initUniform(16, 24, 26, 2);
        for (TrainingSettings s : new TrainingSettings[] {TrainingSettings.COURSE, NO_EARLY_STOP, SGD}) {
            CountingStop polled = new CountingStop(0);
            TaskOutcome withSignal = new LocalTrainer().train(data, initial, 1e-3, 20, s, 5, polled);
            TaskOutcome without = new LocalTrainer().train(data, initial, 1e-3, 20, s, 5);
            assertEquals(without, withSignal, s.toString()); // records compare the weights' every bit
            assertTrue(polled.polls.get() >= without.epochsRun(), "polled " + polled.polls + " times in "
                    + without.epochsRun() + " epochs");
        }
    }

    @Test
    void courseTrainingStopsAtTheEpochTheSignalFires() {
        Dataset data = ModelFixtures.randomDataset(60, 4, 3, 3);
        MlpWeights initial = MlpWeights.initUniform(4, 8, 3, 4);
        TrainingStoppedException e = assertThrows(TrainingStoppedException.class,
                () -> new LocalTrainer().train(data, initial, 1e-3, 1_000_000, NO_EARLY_STOP, 0, new CountingStop(4)));
        assertEquals(3, e.epochsRun());
    }

    @Test
    void miniBatchTrainingStopsWithinAnEpoch() {
        Dataset data = ModelFixtures.randomDataset(400, 4, 3, 3);
        MlpWeights initial = MlpWeights.initUniform(4, 8, 3, 4);
        // 100 batches an epoch, polled at its start and before every 16th step: 7 polls an epoch, so the
        // 10th comes in the second
        CountingStop stop = new CountingStop(10);
        TrainingStoppedException e = assertThrows(TrainingStoppedException.class,
                () -> new LocalTrainer().train(data, initial, 1e-3, 1_000_000, SGD, 0, stop));
        assertEquals(1, e.epochsRun());
    }
}
