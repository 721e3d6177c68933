package mlptrainer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The warm-up also takes the wide path when the work has wide inputs, and still stops when asked. */
class KernelWarmupTest {
    @Test
    void theWarmupTrainsTheWideShardAfterTheNarrowOne() {
        Assumptions.assumeTrue(MlpKernel.VECTOR, "the warm-up runs only with the vector kernel");
        assertEquals(KernelWarmup.EPOCHS + KernelWarmup.WIDE_EPOCHS, KernelWarmup.runIfNeeded(() -> false));
    }

    @Test
    void narrowWorkIsNotMadeToPayForCompilingTheWideTiles() {
        Assumptions.assumeTrue(MlpKernel.VECTOR, "the warm-up runs only with the vector kernel");
        assertEquals(KernelWarmup.EPOCHS, KernelWarmup.run(() -> false, WideKernel.takesInputs(16)));
        assertEquals(KernelWarmup.EPOCHS + KernelWarmup.WIDE_EPOCHS,
                KernelWarmup.run(() -> false, WideKernel.takesInputs(784)));
    }

    @Test
    void aStopBetweenChunksEndsTheWarmupThere() {
        Assumptions.assumeTrue(MlpKernel.VECTOR, "the warm-up runs only with the vector kernel");
        AtomicInteger asked = new AtomicInteger();
        assertEquals(0, KernelWarmup.runIfNeeded(() -> true), "stopped before the first chunk");
        int epochs = KernelWarmup.runIfNeeded(() -> asked.incrementAndGet() > 2);
        assertEquals(2 * KernelWarmup.CHUNK, epochs, "two chunks, then stopped for the narrow and the wide part");
    }
}
