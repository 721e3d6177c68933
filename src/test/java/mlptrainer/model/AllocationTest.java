package mlptrainer.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import mlptrainer.data.Dataset;

/** Issue 4: no allocation per epoch or per batch once a trainer's workspaces are sized. */
class AllocationTest {

    @Test
    void moreEpochsAllocateNothingMore() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "no allocation counter");
        com.sun.management.ThreadMXBean counter = (com.sun.management.ThreadMXBean) bean;
        Assumptions.assumeTrue(counter.isThreadAllocatedMemorySupported());
        Dataset data = ModelFixtures.randomDataset(300, 16, 26, 1);
        MlpWeights initial = MlpWeights.initUniform(16, 24, 26, 2);
        LocalTrainer trainer = new LocalTrainer();
        TrainingSettings adam = TrainingSettings.parse(Map.of("optimizer", "adam", "batch_size", "16"));
        for (TrainingSettings settings : new TrainingSettings[] {TrainingSettings.COURSE, adam}) {
            trainer.train(data, initial, 1e-6, 3, settings, 0); // sizes the workspaces
            long few = allocated(counter, trainer, data, initial, settings, 2);
            long many = allocated(counter, trainer, data, initial, settings, 40);
            // 38 more epochs (for adam: 38 * 19 more batches) may not cost even 100 bytes each
            assertTrue(many - few < 3800, settings + ": " + few + " bytes for 2 epochs, " + many + " for 40");
        }
    }

    private static long allocated(com.sun.management.ThreadMXBean counter, LocalTrainer trainer, Dataset data,
                                  MlpWeights initial, TrainingSettings settings, int epochs) {
        long id = Thread.currentThread().getId();
        long before = counter.getThreadAllocatedBytes(id);
        trainer.train(data, initial, 1e-6, epochs, settings, 0);
        return counter.getThreadAllocatedBytes(id) - before;
    }
}
