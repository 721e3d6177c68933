package mlptrainer.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.function.IntConsumer;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import mlptrainer.data.Dataset;

/** Issue 4: no allocation per epoch or per batch once a trainer's workspaces are sized. */
class AllocationTest {
    /** 38 more epochs (for adam: 38 * 19 more batches) may not cost even 100 bytes each. */
    private static final long MOST_EXTRA_BYTES = 3800;
    /**
     * Vector code allocates until C2 has compiled it (the interpreter and C1 keep every vector on
     * the heap), so the vector kernel is measured again until it is compiled; this many tries of
     * 42 epochs are far more than C2 needs, and a kernel that allocates once compiled never passes.
     */
    private static final int VECTOR_TRIES = 200;

    private final Dataset data = ModelFixtures.randomDataset(300, 16, 26, 1);
    private final MlpWeights initial = MlpWeights.initUniform(16, 24, 26, 2);
    private final TrainingSettings adam = TrainingSettings.parse(Map.of("optimizer", "adam", "batch_size", "16"));
    private com.sun.management.ThreadMXBean counter;

    @BeforeEach
    void allocationCounter() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "no allocation counter");
        counter = (com.sun.management.ThreadMXBean) bean;
        Assumptions.assumeTrue(counter.isThreadAllocatedMemorySupported());
    }

    @Test
    void scalarKernelAllocatesNothingMoreForMoreEpochs() {
        assertTrue(extraBytes(course(false)) < MOST_EXTRA_BYTES, "course: " + extraBytes(course(false)));
        assertTrue(extraBytes(miniBatch(false)) < MOST_EXTRA_BYTES, "adam: " + extraBytes(miniBatch(false)));
    }

    @Test
    void compiledVectorKernelAllocatesNothingMoreForMoreEpochs() {
        Assumptions.assumeTrue(MlpKernel.VECTOR, "the vector kernel needs --add-modules jdk.incubator.vector");
        assertCompiledAllocatesNothingMore("course", course(true));
        assertCompiledAllocatesNothingMore("adam", miniBatch(true));
    }

    private void assertCompiledAllocatesNothingMore(String what, IntConsumer train) {
        long extra = Long.MAX_VALUE;
        for (int i = 0; i < VECTOR_TRIES && extra >= MOST_EXTRA_BYTES; i++) {
            extra = extraBytes(train);
        }
        assertTrue(extra < MOST_EXTRA_BYTES, what + ": 40 epochs still allocate " + extra + " bytes more than 2");
    }

    /** @return a course trainer on the fixture, epochs as the argument, with the chosen kernel */
    private IntConsumer course(boolean vector) {
        CourseTrainer trainer = new CourseTrainer(new Workspace(vector));
        return epochs -> trainer.train(data, initial, 1e-6, epochs, false);
    }

    private IntConsumer miniBatch(boolean vector) {
        MiniBatchTrainer trainer = new MiniBatchTrainer(new Workspace(vector));
        return epochs -> trainer.train(data, initial, 1e-6, epochs, adam, 0);
    }

    /** @return the bytes 40 epochs allocate beyond what 2 epochs do, after a first call sized the workspaces */
    private long extraBytes(IntConsumer train) {
        train.accept(1);
        return allocated(train, 40) - allocated(train, 2);
    }

    private long allocated(IntConsumer train, int epochs) {
        long id = Thread.currentThread().getId();
        long before = counter.getThreadAllocatedBytes(id);
        train.accept(epochs);
        return counter.getThreadAllocatedBytes(id) - before;
    }
}
