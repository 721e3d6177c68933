package mlptrainer.faults;

import static mlptrainer.testing.TestCluster.scheduler;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.file.Path;
import mlptrainer.data.ScratchDirectory;
import mlptrainer.node.ComputeNodeServer;
import mlptrainer.rpc.gen.JobModel;
import mlptrainer.testing.TestCluster;

/**
 * What a fault test's job must end with: the model of the standard request on the standard data
 * set, run without faults on a clean cluster of two nodes. Placement does not change a model, so a
 * job that recovered from a fault must reproduce it bit for bit. Computed once per JVM, on the
 * first call, in a temporary directory deleted afterwards; thread-safe.
 */
final class FaultFreeRun {
    private static JobModel model;

    private FaultFreeRun() {
    }

    /** The fault-free model, computed on the first call. */
    static synchronized JobModel model() throws Exception {
        if (model == null) {
            model = compute();
        }
        return model;
    }

    private static JobModel compute() throws Exception {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try (ScratchDirectory dir = ScratchDirectory.create(tmp, "fault-ref");
                TestCluster clean = TestCluster.withData(dir.path())) {
            ComputeNodeServer a = clean.node(0, 0);
            ComputeNodeServer b = clean.node(0, 0);
            clean.coordinator(scheduler(30_000, 30_000), a.port(), b.port());
            return TestCluster.runToSuccess(clean.client());
        }
    }

    /** Checks bit for bit that the model equals the fault-free run's (Double.equals compares bits). */
    static void assertSameAsFaultFree(JobModel job) throws Exception {
        JobModel ref = model();
        assertNotNull(job.getLast());
        assertEquals(ref.getLast(), job.getLast(), "final weights differ from the fault-free run's");
        assertEquals(ref.getBest(), job.getBest(), "best weights differ from the fault-free run's");
    }
}
